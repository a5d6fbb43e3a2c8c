/* faqbot chat widget. Embed with one tag:
 *   <script src="https://clinic.example/widget.js" data-endpoint="https://clinic.example/api/chat" defer></script>
 * Plain JavaScript, no framework, no build step, no third-party requests; every text from
 * the server or the visitor is inserted with textContent, never as HTML. Settings are the
 * frozen DEFAULTS below, overridable by data-* attributes on the script tag.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var DEFAULTS = Object.freeze({
    endpoint: "/api/chat",
    feedbackEndpoint: "",
    title: "Ask our patient guide",
    timeout: 15000,
    crisisNumber: "988",
    crisisChat: "https://988lifeline.org/chat/",
    emergencyNumber: "911",
    clinicPhone: "",
    starters: "How long does an infusion take?|What does the infusion feel like?|Do I need a ride home afterwards?",
    storageKey: "faqbot-conversation",
    css: ""
  });
  var STRINGS = Object.freeze({
    launcher: "Questions? Ask our guide",
    close: "Close chat",
    clear: "Clear",
    clearLabel: "Clear the conversation",
    inputLabel: "Your question",
    placeholder: "Type your question",
    send: "Send",
    typing: "Looking in the guide\u2026",
    greeting: "Hi! I answer questions with the words of the clinic's patient guide. I can't give personal medical advice.",
    crisisLead: "In crisis? ",
    crisisCall: "Call or text ",
    emergencyLead: " \u00b7 Emergency: ",
    logLabel: "Conversation",
    fromGuide: "From the guide: ",
    related: "You might be asking about:",
    networkError: "Sorry, I couldn't reach the clinic's server. Check your connection and try again.",
    timeoutError: "Sorry, the answer is taking too long. Please try again.",
    retry: "Try again",
    helpfulAsk: "Was this helpful?",
    yes: "Yes",
    no: "No",
    commentLabel: "What were you looking for? (optional; please leave out names and personal details)",
    commentSend: "Send",
    thanks: "Thank you for your feedback.",
    feedbackError: "Sorry, your feedback could not be sent.",
    you: "You said: ",
    bot: "Guide: "
  });

  function readConfig() {
    var data = (script && script.dataset) || {};
    var config = {};
    Object.keys(DEFAULTS).forEach(function (key) {
      config[key] = data[key] !== undefined && data[key] !== "" ? data[key] : DEFAULTS[key];
    });
    config.timeout = Number(config.timeout) || DEFAULTS.timeout;
    config.feedbackEndpoint = config.feedbackEndpoint || String(config.endpoint).replace(/chat(\?.*)?$/, "feedback");
    return Object.freeze(config);
  }

  var config = readConfig();
  var history = [];
  var pending = false;
  var ui = {};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function telHref(number) {
    return "tel:" + String(number).replace(/[^\d+]/g, "");
  }

  function loadStyles() {
    if (config.css === "none" || document.querySelector("link[data-faqbot]")) return;
    var href = config.css || (script && script.src ? script.src.replace(/widget\.js(\?.*)?$/, "widget.css") : "");
    if (!href) return;
    var link = el("link");
    link.rel = "stylesheet";
    link.href = href;
    link.setAttribute("data-faqbot", "");
    document.head.appendChild(link);
  }

  function build() {
    var root = el("div", "faqbot");
    ui.launcher = el("button", "faqbot-launcher", STRINGS.launcher);
    ui.launcher.type = "button";
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.setAttribute("aria-controls", "faqbot-panel");

    ui.panel = el("section", "faqbot-panel");
    ui.panel.id = "faqbot-panel";
    ui.panel.hidden = true;
    ui.panel.setAttribute("role", "dialog");
    ui.panel.setAttribute("aria-labelledby", "faqbot-title");

    var header = el("div", "faqbot-header");
    var title = el("h2", "faqbot-title", config.title);
    title.id = "faqbot-title";
    ui.clear = el("button", "faqbot-clear", STRINGS.clear);
    ui.clear.type = "button";
    ui.clear.setAttribute("aria-label", STRINGS.clearLabel);
    ui.close = el("button", "faqbot-close", "\u00d7");
    ui.close.type = "button";
    ui.close.setAttribute("aria-label", STRINGS.close);
    header.append(title, ui.clear, ui.close);

    var crisis = el("p", "faqbot-crisis", STRINGS.crisisLead);
    var call = el("a", "", STRINGS.crisisCall + config.crisisNumber);
    call.href = telHref(config.crisisNumber);
    var emergency = el("a", "", config.emergencyNumber);
    emergency.href = telHref(config.emergencyNumber);
    crisis.append(call, document.createTextNode(STRINGS.emergencyLead), emergency);

    ui.log = el("div", "faqbot-log");
    ui.log.setAttribute("role", "log");
    ui.log.setAttribute("aria-live", "polite");
    ui.log.setAttribute("aria-label", STRINGS.logLabel);
    ui.log.tabIndex = 0;
    ui.chips = el("div", "faqbot-chips");
    ui.typing = el("p", "faqbot-typing", STRINGS.typing);
    ui.typing.setAttribute("role", "status");
    ui.typing.hidden = true;

    ui.form = el("form", "faqbot-form");
    var label = el("label", "faqbot-visually-hidden", STRINGS.inputLabel);
    label.htmlFor = "faqbot-input";
    ui.input = el("input", "faqbot-input");
    ui.input.id = "faqbot-input";
    ui.input.type = "text";
    ui.input.maxLength = 1000;
    ui.input.autocomplete = "off";
    ui.input.placeholder = STRINGS.placeholder;
    var send = el("button", "faqbot-send", STRINGS.send);
    send.type = "submit";
    ui.form.append(label, ui.input, send);

    ui.panel.append(header, crisis, ui.log, ui.chips, ui.typing, ui.form);
    root.append(ui.panel, ui.launcher);
    document.body.appendChild(root);
    wire();
  }

  function wire() {
    ui.launcher.addEventListener("click", function () { ui.panel.hidden ? open() : close(); });
    ui.close.addEventListener("click", close);
    ui.clear.addEventListener("click", clearConversation);
    ui.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); close(); }
    });
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      ask(ui.input.value);
    });
  }

  function open() {
    ui.panel.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "true");
    renderChips();
    ui.input.focus();
  }

  function close() {
    ui.panel.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.focus();
  }

  function renderChips() {
    ui.chips.textContent = "";
    if (history.length) return;
    ui.chips.appendChild(el("p", "faqbot-greeting", STRINGS.greeting));
    config.starters.split("|").filter(Boolean).forEach(function (question) {
      var chip = el("button", "faqbot-chip", question);
      chip.type = "button";
      chip.addEventListener("click", function () { ask(question); });
      ui.chips.appendChild(chip);
    });
  }

  function save() {
    try {
      window.sessionStorage.setItem(config.storageKey, JSON.stringify(history.slice(-60)));
    } catch (e) { /* storage full or disabled: the conversation just won't survive a reload */ }
  }

  function restore() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(config.storageKey) || "[]");
      if (Array.isArray(saved)) history = saved;
    } catch (e) { history = []; }
    history.forEach(render);
  }

  function clearConversation() {
    history = [];
    ui.log.textContent = "";
    save();
    renderChips();
    ui.input.focus();
  }

  function add(entry) {
    history.push(entry);
    save();
    render(entry);
  }

  function render(entry) {
    var node;
    if (entry.role === "user") {
      node = el("div", "faqbot-msg faqbot-user");
      node.append(el("span", "faqbot-visually-hidden", STRINGS.you), el("p", "", entry.text));
    } else if (entry.role === "error") {
      node = renderError(entry);
    } else {
      node = renderAnswer(entry.data || {});
    }
    ui.log.appendChild(node);
    // Show a reply from its top (an urgent reply starts with its help links); a question, at the bottom.
    ui.log.scrollTop = entry.role === "user" ? ui.log.scrollHeight : node.offsetTop - ui.log.offsetTop - 8;
  }

  function renderAnswer(data) {
    var kind = { urgent: "urgent", answer: "answer", clarify: "clarify" }[data.type] || "no-answer";
    var node = el("div", "faqbot-msg faqbot-bot faqbot-" + kind);
    node.appendChild(el("span", "faqbot-visually-hidden", STRINGS.bot));
    if (data.type === "urgent") node.appendChild(renderResources(data.resources || []));
    // A message that may hide a crisis: the crisis line comes first, then the answer.
    if (data.type !== "urgent" && data.notice && data.resources && data.resources.length) {
      node.appendChild(el("p", "faqbot-notice", data.notice));
      node.appendChild(renderResources(data.resources));
    }
    if (data.type === "answer" && data.passage) {
      node.appendChild(el("p", "faqbot-section", STRINGS.fromGuide + data.passage.section));
    }
    node.appendChild(el("p", "faqbot-reply", data.reply || ""));
    if (data.notice && !(data.type !== "urgent" && data.resources && data.resources.length)) {
      node.appendChild(el("p", "faqbot-notice", data.notice));
    }
    if (data.type === "clarify" && data.suggestions && data.suggestions.length) node.appendChild(renderSuggestions(data));
    if (data.type === "no_answer" && data.related && data.related.length) node.appendChild(renderRelated(data.related));
    if (data.disclaimer) node.appendChild(el("p", "faqbot-disclaimer", data.disclaimer));
    if (data.id && data.type !== "urgent") node.appendChild(renderFeedback(data));
    return node;
  }

  // "Was this helpful?" under answers and referrals (never under an urgent reply).
  function renderFeedback(data) {
    var box = el("div", "faqbot-feedback");
    if (data.feedback) {
      box.appendChild(el("p", "", STRINGS.thanks));
      return box;
    }
    var question = el("p", "", STRINGS.helpfulAsk + " ");
    [[STRINGS.yes, true], [STRINGS.no, false]].forEach(function (choice) {
      var button = el("button", "faqbot-vote", choice[0]);
      button.type = "button";
      button.addEventListener("click", function () { vote(box, data, choice[1]); });
      question.appendChild(button);
    });
    box.appendChild(question);
    return box;
  }

  function vote(box, data, helpful) {
    sendFeedback(box, data, { answer_id: data.id, helpful: helpful });
    if (helpful) return;
    var form = el("form", "faqbot-comment");
    var label = el("label", "", STRINGS.commentLabel);
    var input = el("textarea");
    input.maxLength = 500;
    input.rows = 2;
    input.id = "faqbot-comment-" + data.id;
    label.htmlFor = input.id;
    var send = el("button", "faqbot-vote", STRINGS.commentSend);
    send.type = "submit";
    form.append(label, input, send);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (input.value.trim()) sendFeedback(box, data, { answer_id: data.id, helpful: false, comment: input.value.trim() });
      form.remove();
    });
    box.appendChild(form);
    input.focus();
  }

  function sendFeedback(box, data, body) {
    var status = box.querySelector("p");
    status.textContent = STRINGS.thanks;
    data.feedback = true;
    save();
    fetch(config.feedbackEndpoint, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), credentials: "omit"
    }).then(function (response) {
      if (!response.ok) status.textContent = STRINGS.feedbackError;
    }).catch(function () { status.textContent = STRINGS.feedbackError; });
  }

  function renderResources(resources) {
    var list = el("ul", "faqbot-resources");
    resources.forEach(function (resource) {
      var link = el("a", "faqbot-resource" + (resource.primary ? " faqbot-resource-primary" : ""),
                    resource.action + " \u2014 " + resource.name);
      if (/^(tel:|sms:|https:)/.test(resource.href || "")) link.href = resource.href;
      if (/^https:/.test(resource.href || "")) { link.target = "_blank"; link.rel = "noopener noreferrer"; }
      var item = el("li");
      item.appendChild(link);
      list.appendChild(item);
    });
    return list;
  }

  function renderRelated(related) {
    var box = el("div", "faqbot-related");
    box.appendChild(el("p", "", STRINGS.related));
    related.forEach(function (topic) {
      var name = String(topic.section || "").split(" > ").pop();
      var chip = el("button", "faqbot-chip", name);
      chip.type = "button";
      chip.addEventListener("click", function () { ask(name); });
      box.appendChild(chip);
    });
    return box;
  }

  // "Did you mean": a tap asks the server for that passage as the answer to the same question,
  // which records which suggestion helped.
  function renderSuggestions(data) {
    var box = el("div", "faqbot-related faqbot-suggestions");
    data.suggestions.forEach(function (suggestion) {
      var name = String(suggestion.section || "").split(" > ").pop();
      var chip = el("button", "faqbot-chip", name);
      chip.type = "button";
      chip.addEventListener("click", function () {
        if (pending || !data.question) return;
        add({ role: "user", text: name });
        send(data.question, suggestion.id);
      });
      box.appendChild(chip);
    });
    return box;
  }

  function renderError(entry) {
    var node = el("div", "faqbot-msg faqbot-error");
    node.appendChild(el("p", "", entry.text));
    if (entry.retry) {
      var retry = el("button", "faqbot-retry", STRINGS.retry);
      retry.type = "button";
      retry.addEventListener("click", function () { node.remove(); send(entry.retry, entry.passageId); });
      node.appendChild(retry);
    }
    return node;
  }

  function ask(text) {
    var question = String(text || "").trim();
    if (!question || pending) return;
    ui.input.value = "";
    ui.chips.textContent = "";
    add({ role: "user", text: question });
    send(question);
  }

  function send(question, passageId) {
    pending = true;
    ui.typing.hidden = false;
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, config.timeout);
    fetch(config.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(passageId ? { message: question, passage_id: passageId } : { message: question }),
      signal: controller ? controller.signal : undefined,
      credentials: "omit"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok && body && body.type) {
          body.question = question;  // what a clarify's suggestion answers
          return add({ role: "bot", data: body });
        }
        var message = body && body.error && body.error.message ? body.error.message : STRINGS.networkError;
        add({ role: "error", text: message, retry: response.status === 429 || response.status >= 500 ? question : "",
              passageId: passageId });
      });
    }).catch(function (error) {
      var timedOut = error && error.name === "AbortError";
      add({ role: "error", text: timedOut ? STRINGS.timeoutError : STRINGS.networkError, retry: question,
            passageId: passageId });
    }).then(function () {
      clearTimeout(timer);
      pending = false;
      ui.typing.hidden = true;
    });
  }

  function start() {
    loadStyles();
    build();
    restore();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
