// @ts-check
/** `/ui`: the overview has no behaviour of its own beyond the shared frame. */
import '../common.js';
