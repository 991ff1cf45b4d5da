/* Mounts the widget on the /widget page (kept out of the HTML: the CSP allows no inline script). */
WalletDesk.mount(document.getElementById("walletdesk"));
