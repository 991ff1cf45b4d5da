/* WalletDesk customer widget: no dependencies. Talks to the desk over one WebSocket,
   resumes from the last seen sequence number after a reconnect, and re-sends unacknowledged
   messages with the same client_id (the server stores each client_id once). */
(function () {
  "use strict";
  var TEXT = {
    en: { title: "Support", send: "Send", placeholder: "Type your question…", online: "online",
          offline: "reconnecting…", note: "We will never ask for your recovery phrase or private key.",
          rate: "How did we do?", comment: "Anything to add? (optional)", sendRating: "Send rating",
          email: "you@example.com", emailMe: "Answer me by email", lesson: "Start the lesson",
          reminders: "Security reminders", gotIt: "Got it", stopReminders: "Don't remind me again" },
    zh: { title: "在线客服", send: "发送", placeholder: "请输入您的问题…", online: "在线",
          offline: "正在重新连接…", note: "我们永远不会索要您的助记词或私钥。",
          rate: "请为本次服务评分", comment: "还有什么想说的？（可选）", sendRating: "提交评分",
          email: "you@example.com", emailMe: "通过邮件回复我", lesson: "开始学习",
          reminders: "安全提醒", gotIt: "知道了", stopReminders: "不再提醒我" },
    es: { title: "Soporte", send: "Enviar", placeholder: "Escribe tu pregunta…", online: "en línea",
          offline: "reconectando…", note: "Nunca te pediremos tu frase de recuperación ni tu clave privada.",
          rate: "¿Qué tal te atendimos?", comment: "¿Algo más que contarnos? (opcional)",
          sendRating: "Enviar valoración", email: "tu@correo.com", emailMe: "Respóndanme por correo",
          lesson: "Empezar la lección", reminders: "Recordatorios de seguridad", gotIt: "Entendido",
          stopReminders: "No volver a recordarme" },
    ar: { title: "الدعم", send: "إرسال", placeholder: "اكتب سؤالك…", online: "متصل",
          offline: "جارٍ إعادة الاتصال…", note: "لن نطلب منك أبدًا عبارة الاسترداد أو المفتاح الخاص.",
          rate: "كيف كانت خدمتنا؟", comment: "هل تود إضافة شيء؟ (اختياري)", sendRating: "إرسال التقييم",
          email: "you@example.com", emailMe: "أرسلوا الرد إلى بريدي", lesson: "ابدأ الدرس",
          reminders: "تذكيرات الأمان", gotIt: "فهمت", stopReminders: "لا تذكّرني مرة أخرى" }
  };

  function pickLang(explicit) {
    var cands = [explicit].concat(navigator.languages || [navigator.language || "en"]);
    for (var i = 0; i < cands.length; i++) {
      var c = String(cands[i] || "").slice(0, 2).toLowerCase();
      if (TEXT[c]) return c;
    }
    return "en";
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;   // never innerHTML: messages are untrusted
    return node;
  }

  function safeHref(url) {
    try {
      var u = new URL(url, location.href);
      return (u.protocol === "https:" || u.protocol === "http:") ? u.href : null;
    } catch (e) { return null; }
  }

  // the bot offers a security-academy lesson as "…: <title> — <desk>/academy/<lang>/<id>"
  var LESSON_LINK = /\s+—\s+(https?:\/\/[^\s]+\/academy\/(?:en|zh|es|ar)\/[a-z0-9-]+)(?=\s|$)/g;

  function uid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function mount(root, options) {
    options = options || {};
    var base = (options.baseUrl || root.getAttribute("data-base") || location.origin).replace(/\/$/, "");
    var lang = pickLang(options.lang || root.getAttribute("data-lang"));
    var t = TEXT[lang];
    var storeKey = "walletdesk:" + base;
    var state = JSON.parse(localStorage.getItem(storeKey) || "null") || { outbox: [] };
    var ws = null, backoff = 500, lastSeq = 0, seen = {};

    root.innerHTML = "";
    var box = el("div", "wd");
    if (lang === "ar") box.setAttribute("dir", "rtl");
    box.setAttribute("lang", lang);
    var head = el("div", "wd-head", (root.getAttribute("data-brand") || "") + " " + t.title);
    var status = el("span", "wd-status offline", t.offline);
    head.appendChild(status);
    var log = el("div", "wd-log");
    log.setAttribute("aria-live", "polite");
    var form = el("form", "wd-form");
    var input = el("textarea");
    input.placeholder = t.placeholder;
    input.maxLength = 4000;
    input.setAttribute("aria-label", t.placeholder);
    var button = el("button", null, t.send);
    button.type = "submit";
    form.appendChild(input); form.appendChild(button);
    // after a handoff: place in line, estimate, leave an email; after a solve: the rating
    var queueBar = el("div", "wd-queue");
    queueBar.hidden = true;
    queueBar.setAttribute("role", "status");
    var queueText = el("span", "wd-queue-text");
    var emailForm = el("form", "wd-email");
    var emailInput = el("input");
    emailInput.type = "email"; emailInput.placeholder = t.email; emailInput.maxLength = 254;
    emailInput.setAttribute("aria-label", t.emailMe);
    var emailButton = el("button", null, t.emailMe);
    emailButton.type = "submit";
    emailForm.appendChild(emailInput); emailForm.appendChild(emailButton);
    queueBar.appendChild(queueText); queueBar.appendChild(emailForm);
    var rating = el("form", "wd-rating");
    rating.hidden = true;
    rating.appendChild(el("div", "wd-rating-title", t.rate));
    var stars = el("div", "wd-stars");
    var chosenScore = 0;
    [1, 2, 3, 4, 5].forEach(function (n) {
      var star = el("button", "wd-star", String(n));
      star.type = "button";
      star.setAttribute("aria-label", t.rate + " " + n + "/5");
      star.setAttribute("data-score", String(n));
      star.addEventListener("click", function () {
        chosenScore = n;
        Array.prototype.forEach.call(stars.children, function (b) {
          b.classList.toggle("on", Number(b.getAttribute("data-score")) <= n);
        });
      });
      stars.appendChild(star);
    });
    var ratingComment = el("textarea");
    ratingComment.maxLength = 1000; ratingComment.placeholder = t.comment;
    ratingComment.setAttribute("aria-label", t.comment);
    var ratingButton = el("button", null, t.sendRating);
    ratingButton.type = "submit";
    rating.appendChild(stars); rating.appendChild(ratingComment); rating.appendChild(ratingButton);
    // personalised security reminders, above the conversation, until dismissed
    var reminderBar = el("section", "wd-reminders");
    reminderBar.hidden = true;
    reminderBar.setAttribute("aria-label", t.reminders);
    box.appendChild(head); box.appendChild(reminderBar); box.appendChild(log); box.appendChild(queueBar); box.appendChild(rating);
    box.appendChild(form);
    box.appendChild(el("div", "wd-note", t.note));
    root.appendChild(box);

    function save() { localStorage.setItem(storeKey, JSON.stringify(state)); }

    function render(msg) {
      var key = msg.client_id && msg.sender === "customer" ? "c:" + msg.client_id : "s:" + msg.seq;
      var pending = msg.client_id ? log.querySelector('[data-client="' + CSS.escape(msg.client_id) + '"]') : null;
      if (seen[key] && !pending) return;
      seen[key] = true;
      var node = pending || el("div");
      node.className = "wd-msg " + msg.sender;
      var text = msg.text;
      (msg.articles || []).forEach(function (a) {  // shown as a link below instead
        text = text.split(" — " + a.url).join("").split(a.url).join("");
      });
      var lessons = [];
      if (msg.sender === "bot") {
        text = text.replace(LESSON_LINK, function (_, url) { lessons.push(url); return ""; });
      }
      node.textContent = text.trim();
      node.setAttribute("data-seq", msg.seq);
      lessons.forEach(function (url) {
        var href = safeHref(url);
        if (!href) return;
        var link = el("a", "wd-lesson", t.lesson);
        link.href = href; link.target = "_blank"; link.rel = "noopener noreferrer";
        node.appendChild(link);
      });
      if (msg.articles && msg.articles.length) {
        var links = el("div", "wd-links");
        msg.articles.forEach(function (a) {
          var href = safeHref(a.url);
          if (!href) return;
          var link = el("a", null, a.title);
          link.href = href; link.target = "_blank"; link.rel = "noopener noreferrer";
          links.appendChild(link);
        });
        node.appendChild(links);
      }
      if (!pending) log.appendChild(node);
      log.scrollTop = log.scrollHeight;
    }

    function api(path, method, body) {
      return fetch(base + "/api/v1/conversations/" + encodeURIComponent(state.conversation_id) + path, {
        method: method || "GET",
        headers: { "Content-Type": "application/json", "Authorization": "Bearer " + state.token },
        body: body ? JSON.stringify(body) : undefined
      }).then(function (r) {
        return r.json().then(function (data) { return { ok: r.ok, data: data }; });
      });
    }

    function call(path, method, body) {
      return fetch(base + "/api/v1" + path, {
        method: method || "GET",
        headers: { "Content-Type": "application/json", "Authorization": "Bearer " + state.token },
        body: body ? JSON.stringify(body) : undefined
      }).then(function (r) {
        return r.json().then(function (data) { return { ok: r.ok, data: data }; });
      });
    }

    function refreshReminders() {
      if (!state.token) return;
      call("/reminders").then(function (res) {
        if (!res.ok) return;
        var items = res.data.reminders || [];
        reminderBar.replaceChildren();
        items.forEach(function (r) {
          var item = el("div", "wd-reminder");
          item.setAttribute("data-rule", r.rule);
          item.appendChild(el("strong", null, r.title));
          item.appendChild(el("p", null, r.text));
          var ok = el("button", null, t.gotIt);
          ok.type = "button";
          ok.addEventListener("click", function () {
            call("/reminders/" + encodeURIComponent(r.id) + "/dismiss", "POST").then(refreshReminders);
          });
          item.appendChild(ok);
          reminderBar.appendChild(item);
        });
        if (items.length) {
          var stop = el("button", "wd-reminders-stop", t.stopReminders);
          stop.type = "button";
          stop.addEventListener("click", function () {
            call("/reminders/opt-out", "POST", { opt_out: true }).then(refreshReminders);
          });
          reminderBar.appendChild(stop);
        }
        reminderBar.hidden = !items.length;
      }).catch(function () {});
    }

    var queueTimer = null;
    function refreshQueue() {
      if (!state.token) return;
      api("/queue").then(function (res) {
        if (!res.ok) return;
        var q = res.data;
        var waiting = q.status === "handoff" && q.ticket_status === "new" && !q.assigned;
        queueBar.hidden = !waiting;
        queueText.textContent = q.text || "";
        rating.hidden = !q.csat_pending;
        clearTimeout(queueTimer);
        if (waiting) queueTimer = setTimeout(refreshQueue, 15000);
      }).catch(function () {});
    }

    emailForm.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var address = emailInput.value.trim();
      if (!address) return;
      api("/email", "POST", { email: address }).then(function (res) {
        if (res.ok) { emailForm.replaceChildren(el("span", "wd-email-ok", res.data.text)); }
        else { emailInput.setCustomValidity(" "); emailInput.reportValidity(); }
      });
    });
    emailInput.addEventListener("input", function () { emailInput.setCustomValidity(""); });

    rating.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!chosenScore) return;
      api("/csat", "POST", { score: chosenScore, comment: ratingComment.value.trim() })
        .then(function (res) { if (res.ok || res.data) rating.hidden = true; });
    });

    function renderPending(item) {
      var node = el("div", "wd-msg customer pending", item.text);
      node.setAttribute("data-client", item.client_id);
      log.appendChild(node);
      log.scrollTop = log.scrollHeight;
    }

    function flush() {
      if (!ws || ws.readyState !== 1) return;
      state.outbox.forEach(function (item) {
        ws.send(JSON.stringify({ type: "send", text: item.text, client_id: item.client_id }));
      });
    }

    function connect() {
      var url = base.replace(/^http/, "ws") + "/api/v1/ws";
      ws = new WebSocket(url);
      ws.onopen = function () {
        ws.send(JSON.stringify({ type: "auth", token: state.token,
                                 conversation_id: state.conversation_id, after: lastSeq }));
      };
      ws.onmessage = function (ev) {
        var data = JSON.parse(ev.data);
        if (data.type === "message") {
          lastSeq = Math.max(lastSeq, data.message.seq);
          render(data.message);
          var kind = data.message.kind || "";
          if (kind || data.message.sender === "agent") refreshQueue();
          if (data.message.sender === "bot" && data.message.seq > 1) refreshReminders();
        } else if (data.type === "ready") {
          backoff = 500;
          status.textContent = t.online; status.className = "wd-status";
          flush();
          refreshQueue();
          refreshReminders();
        } else if (data.type === "ack") {
          state.outbox = state.outbox.filter(function (m) { return m.client_id !== data.client_id; });
          save();
          var node = log.querySelector('[data-client="' + CSS.escape(data.client_id || "") + '"]');
          if (node) node.classList.remove("pending");
        } else if (data.type === "error" && /token|conversation/.test(data.reason || "")) {
          state = { outbox: state.outbox }; save(); // start over with a new conversation
        }
      };
      ws.onclose = function () {
        status.textContent = t.offline; status.className = "wd-status offline";
        setTimeout(start, backoff);
        backoff = Math.min(backoff * 2, 10000);
      };
    }

    function start() {
      if (state.token && state.conversation_id) { connect(); return; }
      fetch(base + "/api/v1/conversations", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ language: lang })
      }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then(function (data) {
        state.token = data.customer_token;
        state.conversation_id = data.conversation.id;
        save();
        connect();
      }).catch(function () {
        setTimeout(start, backoff);
        backoff = Math.min(backoff * 2, 10000);
      });
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      var item = { text: text, client_id: uid() };
      state.outbox.push(item); save();
      renderPending(item);
      input.value = "";
      flush();
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); form.requestSubmit(); }
    });

    state.outbox.forEach(renderPending);
    start();
    return { send: function (text) { input.value = text; form.requestSubmit(); } };
  }

  window.WalletDesk = { mount: mount };
})();
