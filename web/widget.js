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
    disclaimer: "",
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
    greeting: "Hi! I answer questions with the words of the clinic's patient guide.",
    disclaimer: "General information only, not medical advice.",
    crisisLabel: "Help now",
    crisisLead: "In crisis?",
    crisisCall: "Call ",
    crisisText: "Text ",
    crisisChat: "Chat online",
    emergencyLead: "Emergency:",
    clinicLead: "Clinic:",
    clinicCall: "Call the clinic: ",
    newTab: " (opens in a new tab)",
    logLabel: "Conversation",
    fromGuide: "From the guide: ",
    related: "You might be asking about:",
    relatedAnswer: "More from the guide:",
    moreHelp: "Other ways to get help:",
    separator: " \u00b7 ",
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
    config.disclaimer = config.disclaimer || STRINGS.disclaimer;
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

  // A link to help; only tel:, sms: and https: addresses are followed, and web pages open in a new tab.
  function link(className, text, href, hiddenText) {
    var node = el("a", className, text);
    var web = /^https:/.test(href || "");
    if (web || /^(tel:|sms:)/.test(href || "")) node.href = href;
    if (web) { node.target = "_blank"; node.rel = "noopener noreferrer"; }
    var spoken = (hiddenText || "") + (web ? STRINGS.newTab : "");
    if (spoken) node.appendChild(el("span", "faqbot-visually-hidden", spoken));
    return node;
  }

  function button(className, text, onClick) {
    var node = el("button", className, text);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function loadStyles() {
    if (config.css === "none" || document.querySelector("link[data-faqbot]")) return;
    var href = config.css || (script && script.src ? script.src.replace(/widget\.js(\?.*)?$/, "widget.css") : "");
    if (!href) return;
    var node = el("link");
    node.rel = "stylesheet";
    node.href = href;
    node.setAttribute("data-faqbot", "");
    document.head.appendChild(node);
  }

  function build() {
    ui.root = el("div", "faqbot");
    ui.launcher = el("button", "faqbot-launcher", STRINGS.launcher);
    ui.launcher.type = "button";
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.setAttribute("aria-controls", "faqbot-panel");

    ui.panel = el("section", "faqbot-panel");
    ui.panel.id = "faqbot-panel";
    ui.panel.hidden = true;
    ui.panel.setAttribute("role", "dialog");
    ui.panel.setAttribute("aria-labelledby", "faqbot-title");

    ui.log = el("div", "faqbot-log");
    ui.log.setAttribute("role", "log");
    ui.log.setAttribute("aria-live", "polite");
    ui.log.setAttribute("aria-label", STRINGS.logLabel);
    ui.log.tabIndex = 0;
    ui.chips = el("div", "faqbot-chips");
    ui.typing = el("p", "faqbot-typing", STRINGS.typing);
    ui.typing.setAttribute("role", "status");
    ui.typing.hidden = true;

    ui.panel.append(buildHeader(), buildCrisisBar(), ui.log, ui.chips, ui.typing, buildForm());
    ui.root.append(ui.panel, ui.launcher);
    document.body.appendChild(ui.root);
    wire();
  }

  // The title, Clear and Close, and the disclaimer once, under them.
  function buildHeader() {
    var header = el("div", "faqbot-header");
    var row = el("div", "faqbot-header-row");
    var title = el("h2", "faqbot-title", config.title);
    title.id = "faqbot-title";
    ui.clear = el("button", "faqbot-clear", STRINGS.clear);
    ui.clear.type = "button";
    ui.clear.setAttribute("aria-label", STRINGS.clearLabel);
    ui.close = el("button", "faqbot-close", "\u00d7");
    ui.close.type = "button";
    ui.close.setAttribute("aria-label", STRINGS.close);
    row.append(title, ui.clear, ui.close);
    header.append(row, el("p", "faqbot-disclaimer", config.disclaimer));
    return header;
  }

  // Always visible: the crisis line (call, text, chat), emergency services and, when set, the clinic.
  function buildCrisisBar() {
    var bar = el("div", "faqbot-crisis");
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", STRINGS.crisisLabel);
    var sms = telHref(config.crisisNumber).replace(/^tel:/, "sms:");
    bar.append(crisisGroup(STRINGS.crisisLead, [
      link("", STRINGS.crisisCall + config.crisisNumber, telHref(config.crisisNumber)),
      link("", STRINGS.crisisText + config.crisisNumber, sms),
      link("", STRINGS.crisisChat, config.crisisChat)
    ]), crisisGroup(STRINGS.emergencyLead, [link("", config.emergencyNumber, telHref(config.emergencyNumber))]));
    if (config.clinicPhone) {
      bar.appendChild(crisisGroup(STRINGS.clinicLead, [link("faqbot-clinic-phone", config.clinicPhone, telHref(config.clinicPhone))]));
    }
    return bar;
  }

  function crisisGroup(lead, links) {
    var group = el("span", "faqbot-crisis-group");
    group.appendChild(el("span", "faqbot-crisis-lead", lead));
    group.append.apply(group, links);
    return group;
  }

  function buildForm() {
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
    return ui.form;
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

  // On a phone the open panel fills the screen and the launcher hides (widget.css, .faqbot-open).
  function open() {
    ui.panel.hidden = false;
    ui.root.classList.add("faqbot-open");
    ui.launcher.setAttribute("aria-expanded", "true");
    renderChips();
    ui.input.focus();
  }

  function close() {
    ui.panel.hidden = true;
    ui.root.classList.remove("faqbot-open");
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.focus();
  }

  function renderChips() {
    ui.chips.textContent = "";
    if (history.length) return;
    ui.chips.appendChild(el("p", "faqbot-greeting", STRINGS.greeting));
    config.starters.split("|").filter(Boolean).forEach(function (question) {
      ui.chips.appendChild(button("faqbot-chip", question, function () { ask(question); }));
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
    // Show a reply from its top (its first, calm sentence); a question, at the bottom.
    ui.log.scrollTop = entry.role === "user" ? ui.log.scrollHeight : node.offsetTop - ui.log.offsetTop - 8;
  }

  function renderAnswer(data) {
    var kind = { urgent: "urgent", answer: "answer", clarify: "clarify" }[data.type] || "no-answer";
    var node = el("div", "faqbot-msg faqbot-bot faqbot-" + kind);
    node.appendChild(el("span", "faqbot-visually-hidden", STRINGS.bot));
    if (data.type === "urgent") renderUrgent(node, data);
    else renderReply(node, data);
    return node;
  }

  // A crisis: the calm words first, then one primary action, then the other help as plain links.
  // No disclaimer and no survey here.
  function renderUrgent(node, data) {
    node.appendChild(el("p", "faqbot-reply", data.reply || ""));
    if (data.notice) node.appendChild(el("p", "faqbot-notice", data.notice));
    node.append.apply(node, renderHelp(data.resources || []));
  }

  function renderReply(node, data) {
    var support = Boolean(data.notice && data.resources && data.resources.length);
    if (support) {  // a message that may hide a crisis: the support line comes first, then the answer
      node.appendChild(el("p", "faqbot-notice", data.notice));
      node.append.apply(node, renderHelp(data.resources));
    }
    if (data.type === "answer" && data.passage) {
      node.appendChild(el("p", "faqbot-section", STRINGS.fromGuide + data.passage.section));
    }
    node.appendChild(el("p", "faqbot-reply", data.reply || ""));
    if (data.notice && !support) node.appendChild(el("p", "faqbot-notice", data.notice));
    renderNextSteps(node, data);
    if (data.id) node.appendChild(renderFeedback(data));
  }

  // Where to go from a reply: a clarify's suggestions, the clinic's number on a clarify or a
  // referral, the related sections of an answer or a referral.
  function renderNextSteps(node, data) {
    if (data.type === "clarify" && data.suggestions && data.suggestions.length) {
      node.appendChild(renderTopics(data, data.suggestions, "", "faqbot-suggestions"));
    }
    if ((data.type === "no_answer" || data.type === "clarify") && config.clinicPhone) node.appendChild(renderClinicCall());
    if ((data.type === "answer" || data.type === "no_answer") && data.related && data.related.length) {
      var heading = data.type === "answer" ? STRINGS.relatedAnswer : STRINGS.related;
      node.appendChild(renderTopics(data, data.related, heading, "faqbot-related-topics"));
    }
  }

  function renderClinicCall() {
    var line = el("p", "faqbot-clinic");
    line.appendChild(link("faqbot-clinic-call", STRINGS.clinicCall + config.clinicPhone, telHref(config.clinicPhone)));
    return line;
  }

  // [primary action button, the other links grouped by service]; nodes to append.
  function renderHelp(resources) {
    if (!resources.length) return [];
    var primary = resources.filter(function (r) { return r.primary; })[0] || resources[0];
    var action = el("p", "faqbot-action-line");
    action.appendChild(link("faqbot-action", primary.action, primary.href, ", " + primary.name));
    var rest = resources.filter(function (r) { return r !== primary; });
    return rest.length ? [action, renderHelpLinks(rest)] : [action];
  }

  // "988 Suicide & Crisis Lifeline: Text · Chat online": each service named once, then its actions.
  function renderHelpLinks(resources) {
    var box = el("div", "faqbot-help");
    box.appendChild(el("p", "faqbot-help-title", STRINGS.moreHelp));
    var list = el("ul", "faqbot-help-links");
    groupByName(resources).forEach(function (group) {
      var item = el("li");
      var actions = el("span", "faqbot-help-actions");
      group.resources.forEach(function (resource, i) {
        if (i) actions.appendChild(separator());
        var words = shortAction(resource);
        actions.appendChild(link("faqbot-help-link", words.shown, resource.href, words.hidden + ", " + resource.name));
      });
      item.append(el("span", "faqbot-help-name", capitalize(group.name) + ": "), actions);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function groupByName(resources) {
    var groups = [];
    resources.forEach(function (resource) {
      var name = String(resource.name || "");
      var group = groups.filter(function (g) { return g.name === name; })[0];
      if (!group) groups.push(group = { name: name, resources: [] });
      group.resources.push(resource);
    });
    return groups;
  }

  // "Call 988" beside "988 Suicide & Crisis Lifeline" shows as "Call"; the number stays for screen readers.
  function shortAction(resource) {
    var action = String(resource.action || "");
    var space = action.indexOf(" ");
    var rest = space > 0 ? action.slice(space + 1) : "";
    if (rest && String(resource.name || "").indexOf(rest) !== -1) return { shown: action.slice(0, space), hidden: " " + rest };
    return { shown: action, hidden: "" };
  }

  function separator() {
    var dot = el("span", "faqbot-separator", STRINGS.separator);
    dot.setAttribute("aria-hidden", "true");
    return dot;
  }

  function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
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
      question.appendChild(button("faqbot-vote", choice[0], function () { vote(box, data, choice[1]); }));
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

  // A clarify's suggestions or an answer's related sections, as buttons. A tap asks the server for
  // that passage as the answer to the same question (which records which one helped).
  function renderTopics(data, topics, heading, className) {
    var box = el("div", "faqbot-related " + className);
    if (heading) box.appendChild(el("p", "faqbot-related-title", heading));
    topics.forEach(function (topic) {
      var name = String(topic.section || "").split(" > ").pop();
      box.appendChild(button("faqbot-chip", name, function () { askForPassage(data, topic, name); }));
    });
    return box;
  }

  function askForPassage(data, topic, name) {
    if (pending) return;
    if (!data.question || !topic.id) { ask(name); return; }  // a reply saved by an older widget
    add({ role: "user", text: name });
    send(data.question, topic.id);
  }

  function renderError(entry) {
    var node = el("div", "faqbot-msg faqbot-error");
    node.appendChild(el("p", "", entry.text));
    if (entry.retry) {
      node.appendChild(button("faqbot-retry", STRINGS.retry, function () { node.remove(); send(entry.retry, entry.passageId); }));
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
