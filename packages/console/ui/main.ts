// The console's UI entry. Everything the UI shows from the API is set as text (see dom/el.ts).
import { startApp } from './app.js';

const root = document.getElementById('app');
if (root) startApp(root);
