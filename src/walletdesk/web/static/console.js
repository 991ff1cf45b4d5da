/* Agent console: live conversation view and guarded replies. No dependencies. */
(function () {
  "use strict";
  var log = document.getElementById("c-log");
  var form = document.getElementById("c-reply");
  if (!log || !form) return;
  var cid = log.getAttribute("data-conversation");
  var lastSeq = Number(log.getAttribute("data-last-seq") || 0);
  var blocked = document.getElementById("c-blocked");

  function add(msg) {
    if (msg.seq <= lastSeq) return;
    lastSeq = msg.seq;
    var node = document.createElement("div");
    node.className = "wd-msg " + msg.sender;
    node.textContent = msg.text;           // untrusted text: never innerHTML
    node.setAttribute("data-seq", msg.seq);
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
  }

  function connect() {
    var ws = new WebSocket(location.origin.replace(/^http/, "ws") + "/console/ws/" + cid);
    ws.onmessage = function (ev) {
      var data = JSON.parse(ev.data);
      if (data.type === "message") add(data.message);
      else if (data.type === "resync") location.reload();
    };
    ws.onclose = function () { setTimeout(connect, 1500); };
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = form.elements.text.value.trim();
    if (!text) return;
    blocked.hidden = true;
    fetch("/console/c/" + cid + "/reply", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": form.getAttribute("data-csrf") },
      body: JSON.stringify({ text: text })
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      if (res.ok) { form.elements.text.value = ""; add(res.body.message); return; }
      var d = res.body.detail || {};
      blocked.textContent = "Not sent: " + (d.reasons ? d.reasons.join(" ") : (d.msg || JSON.stringify(d)));
      blocked.hidden = false;
    });
  });
  log.scrollTop = log.scrollHeight;
  connect();
})();
