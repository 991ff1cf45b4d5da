/* Agent console: live queue, live conversation view, guarded replies, canned replies and
   the AI-assist draft. No dependencies; untrusted text is only ever set as textContent. */
(function () {
  "use strict";
  var wsBase = location.origin.replace(/^http/, "ws");

  // ---- queue page: new and changed tickets arrive live ----------------------------------
  var queue = document.getElementById("c-queue");
  if (queue) {
    var live = document.getElementById("c-live");
    var body = queue.querySelector("tbody");
    var seen = {};
    Array.prototype.forEach.call(body.querySelectorAll("tr[data-ticket]"), function (row) {
      seen[row.getAttribute("data-ticket")] = row;
    });
    var cell = function (text) { var td = document.createElement("td"); td.textContent = text; return td; };
    var upsert = function (t) {
      var row = seen[t.id];
      var closed = t.status === "solved" || t.status === "closed";
      if (closed) { if (row) row.remove(); delete seen[t.id]; return; }
      var fresh = document.createElement("tr");
      fresh.className = "prio-" + t.priority;
      fresh.setAttribute("data-ticket", t.id);
      fresh.appendChild(cell(t.priority));
      fresh.appendChild(cell("new"));
      fresh.appendChild(cell(t.language));
      var topic = document.createElement("td");
      var link = document.createElement("a");
      link.href = "/console/c/" + encodeURIComponent(t.conversation_id);
      link.textContent = t.subject || "conversation";
      topic.appendChild(link);
      fresh.appendChild(topic);
      fresh.appendChild(cell(t.skill));
      fresh.appendChild(cell(""));
      fresh.appendChild(cell(t.status));
      fresh.appendChild(cell(t.assignee_id ? "assigned" : "—"));
      fresh.appendChild(cell(t.created_at.slice(0, 16).replace("T", " ") + " UTC"));
      if (row) body.replaceChild(fresh, row); else body.insertBefore(fresh, body.firstChild);
      seen[t.id] = fresh;
      queue.hidden = false;
    };
    var connectQueue = function () {
      var ws = new WebSocket(wsBase + "/console/ws");
      ws.onmessage = function (ev) {
        var data = JSON.parse(ev.data);
        if (data.type === "resync") { location.reload(); return; }
        if (!data.ticket) return;
        upsert(data.ticket);
        if (data.type === "ticket.new" || data.type === "ticket.escalated") {
          live.textContent = (data.type === "ticket.new"
              ? live.getAttribute("data-new") || "New ticket: "
              : live.getAttribute("data-escalated") || "Escalated: ") +
            (data.ticket.subject || "conversation") + " (" + data.ticket.language + ", " + data.ticket.priority + ")";
          live.hidden = false;
        }
      };
      ws.onclose = function () { setTimeout(connectQueue, 1500); };
    };
    connectQueue();
  }

  // ---- conversation page -----------------------------------------------------------------
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
    var ws = new WebSocket(wsBase + "/console/ws/" + cid);
    ws.onmessage = function (ev) {
      var data = JSON.parse(ev.data);
      if (data.type === "message") add(data.message);
      else if (data.type === "resync") location.reload();
    };
    ws.onclose = function () { setTimeout(connect, 1500); };
  }

  var canned = document.getElementById("c-canned");
  var cannedData = document.getElementById("c-canned-data");
  if (canned && cannedData) {
    var replies = JSON.parse(cannedData.textContent);
    canned.addEventListener("change", function () {
      var chosen = replies[Number(canned.value)];
      if (chosen) { form.elements.text.value = chosen.text; form.elements.text.focus(); }
      canned.value = "";
    });
  }
  var useDraft = document.getElementById("c-use-draft");
  if (useDraft) {
    useDraft.addEventListener("click", function () {
      form.elements.text.value = document.getElementById("c-draft").textContent;
      form.elements.text.focus();
    });
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
      blocked.textContent = (blocked.getAttribute("data-prefix") || "Not sent: ") + (d.reasons ? d.reasons.join(" ") : (typeof d === "string" ? d : JSON.stringify(d)));
      blocked.hidden = false;
    });
  });
  log.scrollTop = log.scrollHeight;
  connect();
})();
