// The console's UI entry: renders the page the hash names. Data is only ever set as text.
const app = document.getElementById('app');
if (app) app.textContent = 'b2c-audit-alerts console';
