/* Agent console: live queue, live conversation view, guarded replies, canned replies and
   the AI-assist draft. No dependencies; untrusted text is only ever set as textContent. */
(function () {
  "use strict";
  var wsBase = location.origin.replace(/^http/, "ws");

  // ---- the agent's language: words come from the page's JSON data block (never executed,
  // so the CSP allows it); tr(key) and tv(prefix, value) mirror t() and tv() in templates
  var texts = {};
  var textsNode = document.getElementById("c-i18n");
  if (textsNode) {
    try { texts = JSON.parse(textsNode.textContent) || {}; } catch (e) { texts = {}; }
  }
  var has = function (key) { return Object.prototype.hasOwnProperty.call(texts, key); };
  var tr = function (key) { return has(key) ? texts[key] : key; };
  var tv = function (prefix, value) {
    if (value === null || value === undefined) return "";
    return has(prefix + "." + value) ? texts[prefix + "." + value] : String(value);
  };

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
      fresh.className = "prio-" + t.priority;          // classes keep the English codes
      fresh.setAttribute("data-ticket", t.id);
      fresh.appendChild(cell(tv("priority", t.priority)));
      // an updated row keeps what the server rendered for SLA and risk; a new one is "new"
      fresh.appendChild(cell(row && row.children[1] ? row.children[1].textContent : tr("sla_new")));
      fresh.appendChild(cell(t.language));
      var topic = document.createElement("td");
      var link = document.createElement("a");
      link.href = "/console/c/" + encodeURIComponent(t.conversation_id);
      link.textContent = t.subject || tr("conversation");
      topic.appendChild(link);
      fresh.appendChild(topic);
      fresh.appendChild(cell(tv("skill", t.skill)));
      fresh.appendChild(cell(row && row.children[5] ? row.children[5].textContent : ""));
      fresh.appendChild(cell(tv("status", t.status)));
      fresh.appendChild(cell(t.assignee_id ? tr("assigned") : "—"));
      fresh.appendChild(cell(t.created_at.slice(0, 16).replace("T", " ") + " UTC"));
      if (row) body.replaceChild(fresh, row); else body.insertBefore(fresh, body.firstChild);
      seen[t.id] = fresh;
      queue.hidden = false;
      var empty = document.querySelector(".c-empty");
      if (empty) empty.hidden = true;
    };
    var connectQueue = function () {
      var ws = new WebSocket(wsBase + "/console/ws");
      ws.onmessage = function (ev) {
        var data = JSON.parse(ev.data);
        if (data.type === "resync") { location.reload(); return; }
        if (!data.ticket) return;
        upsert(data.ticket);
        if (data.type === "ticket.new" || data.type === "ticket.escalated") {
          live.textContent = (data.type === "ticket.new" ? tr("live_new") : tr("live_escalated")) +
            (data.ticket.subject || tr("conversation")) +
            " (" + data.ticket.language + ", " + tv("priority", data.ticket.priority) + ")";
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

  // why a reply was not sent, in the agent's language: the guard's reasons by code, other
  // refusals by HTTP status (English keeps the server's own, more detailed sentences)
  function refusal(status, body) {
    var d = (body && body.detail) || {};
    var english = document.documentElement.lang === "en";
    if (english && typeof d === "string" && d) return d;
    if (status === 422 && d.blocked) {
      if (english && d.reasons && d.reasons.length) return d.reasons.join(" ");
      var seen = {};
      var said = (d.codes || []).filter(function (code) {
        if (seen[code]) return false;
        seen[code] = true;
        return true;
      }).map(function (code) { return tv("guard", code); });
      return said.length ? said.join(" ") : tr("error_generic");
    }
    if (status === 401 || status === 403) return tr("error_session");
    if (status === 409) return tr("error_conflict");
    if (status === 429) return tr("error_rate");
    return tr("error_generic");
  }

  var sendButton = form.querySelector("button[type=submit]");
  var sending = false;
  function busy(on) {
    sending = on;
    if (!sendButton) return;
    sendButton.disabled = on;
    sendButton.textContent = on ? tr("sending") : tr("send");
  }
  function refuse(message) {
    blocked.textContent = tr("not_sent") + message;
    blocked.hidden = false;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = form.elements.text.value.trim();
    if (!text || sending) return;
    blocked.hidden = true;
    busy(true);
    fetch("/console/c/" + cid + "/reply", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": form.getAttribute("data-csrf") },
      body: JSON.stringify({ text: text })
    }).then(function (r) {
      return r.json().then(
        function (body) { return { ok: r.ok, status: r.status, body: body }; },
        function () { return { ok: false, status: r.status, body: null }; }
      );
    }).then(function (res) {
      busy(false);
      if (res.ok && res.body && res.body.message) {
        form.elements.text.value = "";
        add(res.body.message);
        return;
      }
      refuse(refusal(res.status, res.body));
    }, function () {
      busy(false);
      refuse(tr("error_network"));
    });
  });
  log.scrollTop = log.scrollHeight;
  connect();
})();
