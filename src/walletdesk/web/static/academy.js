/* Security academy pages: take a lesson's quiz (graded on the server) and show progress.
   Uses the chat widget's customer token when this browser has one (same origin), so the
   result is saved and badges are earned; without it the quiz is graded but not saved.
   No dependencies; every text from the server is set with textContent. */
(function () {
  "use strict";
  var words = JSON.parse((document.getElementById("ac-words") || {}).textContent || "{}");

  function token() {
    try {
      var state = JSON.parse(localStorage.getItem("walletdesk:" + location.origin) || "null");
      return state && state.token ? String(state.token) : null;
    } catch (e) { return null; }
  }

  function call(path, method, body) {
    var headers = { "Content-Type": "application/json" };
    var t = token();
    if (t) headers.Authorization = "Bearer " + t;
    return fetch(path, { method: method || "GET", headers: headers,
                         body: body ? JSON.stringify(body) : undefined })
      .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, data: d }; }); });
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (_, k) {
      return values[k] == null ? "" : String(values[k]);
    });
  }

  function showBadges(node, badges, fresh) {
    if (!node || !badges || !badges.length) return;
    var freshIds = (fresh || []).map(function (b) { return b.id; });
    node.textContent = words.badges + ": ";
    badges.forEach(function (b) {
      var span = document.createElement("span");
      span.className = "ac-badge" + (freshIds.indexOf(b.id) >= 0 ? " new" : "");
      span.textContent = b.name + (freshIds.indexOf(b.id) >= 0 ? " (" + words.new_badge + ")" : "");
      node.appendChild(span);
    });
    node.hidden = false;
  }

  // ---- one lesson: the quiz -------------------------------------------------------------
  var lessonPage = document.getElementById("academy-lesson");
  var quiz = document.getElementById("ac-quiz");
  if (lessonPage && quiz) {
    var lessonId = lessonPage.getAttribute("data-lesson");
    var lang = lessonPage.getAttribute("data-lang");
    var result = document.getElementById("ac-result");
    quiz.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var sets = quiz.querySelectorAll(".ac-question");
      var answers = [];
      for (var i = 0; i < sets.length; i++) {
        var chosen = sets[i].querySelector("input:checked");
        if (!chosen) {
          result.textContent = words.answer_all; result.className = "ac-result bad";
          result.hidden = false; return;
        }
        answers.push(Number(chosen.value));
      }
      call("/api/v1/academy/lessons/" + encodeURIComponent(lessonId) + "/answers", "POST",
           { language: lang, answers: answers }).then(function (res) {
        if (!res.ok) {
          result.textContent = words.error; result.className = "ac-result bad";
          result.hidden = false; return;
        }
        var d = res.data;
        Array.prototype.forEach.call(sets, function (set, n) {
          var right = !!d.marks[n];
          set.classList.toggle("right", right);
          set.classList.toggle("wrong", !right);
          var explain = set.querySelector(".ac-explain");
          explain.textContent = (right ? words.right : words.wrong) + ": " + (d.explanations[n] || "");
          explain.hidden = false;
        });
        var text = d.text;
        if (d.total_points != null) text += " " + fill(words.points, { points: d.total_points });
        result.textContent = text;
        result.className = "ac-result " + (d.passed ? "good" : "bad");
        result.hidden = false;
        document.getElementById("ac-hint").hidden = d.saved;
        showBadges(document.getElementById("ac-badges"), d.badges, d.new_badges);
      }).catch(function () {
        result.textContent = words.error; result.className = "ac-result bad"; result.hidden = false;
      });
    });
  }

  // ---- the lesson list: mark what this customer passed ---------------------------------------
  var index = document.getElementById("academy-index");
  if (index && token()) {
    call("/api/v1/academy/lessons?lang=" + encodeURIComponent(index.getAttribute("data-lang")))
      .then(function (res) {
        if (!res.ok) return;
        res.data.lessons.forEach(function (l) {
          if (!l.progress || !l.progress.passed) return;
          var item = index.querySelector('li[data-lesson="' + CSS.escape(l.id) + '"] .ac-done');
          if (item) item.hidden = false;
        });
        if (res.data.points != null) {
          var points = document.getElementById("ac-points");
          points.textContent = fill(words.points, { points: res.data.points });
          points.hidden = false;
        }
        showBadges(document.getElementById("ac-badges"), res.data.badges, []);
      }).catch(function () {});
  }
})();
