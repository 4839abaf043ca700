// @ts-check
/**
 * What every page starts with: the ticking simulator clock in the top bar and the reader panel
 * (with the card client's host pop-up), so a flow waiting for the cardholder is answered from
 * any page.
 */
import './core/clock.js';
import { initReaderPanel } from './reader-panel.js';

initReaderPanel();
