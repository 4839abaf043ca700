// @ts-check
/** `/ui/readers`: the reader panel as the page's content (the shared frame runs it). */
import '../common.js';
