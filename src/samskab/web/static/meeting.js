// SPDX-License-Identifier: MPL-2.0
// Live meeting pages: follow the note through server-sent events, and save the caseworker's
// text as it is typed. Every save names the version it was written on; a refused save keeps
// the caseworker's text and shows the new version beside it for merging. Nothing is lost.
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");
  if (!root || !window.EventSource) { return; }
  var editor = document.getElementById("note-editor");
  var form = document.getElementById("note-form");
  var basedOn = form ? form.querySelector("input[name=based_on]") : null;
  var status = document.getElementById("save-status");
  var dirty = false, saving = false, timer = null, conflicted = false;

  function text(node, value) { if (node) { node.textContent = value; } }

  function render(state) {
    text(document.getElementById("note"), state.note);
    var list = document.getElementById("additions");
    if (list) {
      list.innerHTML = "";
      state.additions.forEach(function (a) {
        var item = document.createElement("li");
        item.className = a.kind;
        var label = document.createElement("strong");
        label.textContent = a.kind === "perspective" ? "Mit perspektiv" : "Det genkender jeg ikke";
        item.appendChild(label);
        item.appendChild(document.createTextNode(" – " + a.author_name +
          (a.passage ? " (" + a.passage + ")" : "") + ": " + a.text));
        list.appendChild(item);
      });
    }
    var seen = document.getElementById("recognition");
    if (seen && state.recognition) {
      seen.textContent = state.recognition === "recognised"
        ? "Borgeren kan genkende sig selv i notatet."
        : "Borgeren kan ikke genkende sig selv i notatet: " + state.recognition_comment;
    }
    if (editor && !dirty && !saving && !conflicted) {
      editor.value = state.note;
      basedOn.value = state.version;
    }
  }

  // Who is in the meeting: when someone arrives or leaves, the caseworker's page shows it
  // (reloaded only while nothing unsaved is in the editor).
  function people(state) {
    return (state.participants || []).map(function (p) { return p.id + p.status; }).join();
  }
  var known = null;
  var guest = root.getAttribute("data-guest") === "ja";
  var events = new EventSource(root.getAttribute("data-live"));
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    // A guest's access ended (the meeting ended, or they were removed): the page says why.
    if (state.access === "ended") { events.close(); window.location.reload(); return; }
    render(state);
    if (known === null) { known = people(state); }
    if (editor && people(state) !== known && !dirty && !saving && !conflicted) {
      window.location.reload();
    }
    if (!editor && state.status === "ended" && root.getAttribute("data-status") === "live") {
      events.close(); window.location.reload();
    }
  };
  // A guest's stream ends when the meeting ends or they are removed: show them why.
  events.onerror = function () { if (guest) { events.close(); window.location.reload(); } };

  if (!editor || !form) { return; }
  function save() {
    if (saving || conflicted) { return; }
    saving = true; dirty = false;
    var body = new URLSearchParams({ text: editor.value, based_on: basedOn.value,
                                     _csrf: form.querySelector("input[name=_csrf]").value });
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin",
                         headers: { Accept: "application/json" } })
      .then(function (answer) {
        return answer.json().then(function (data) { return { code: answer.status, data: data }; });
      })
      .then(function (result) {
        saving = false;
        if (result.code === 200) {
          basedOn.value = result.data.version;
          text(status, "Gemt · version " + result.data.version);
          if (dirty) { save(); }
        } else if (result.code === 409) {
          conflicted = true;
          document.getElementById("merge-theirs").value = result.data.current_text;
          document.getElementById("merge").hidden = false;
          basedOn.value = result.data.version;
          text(status, "Ikke gemt: notatet er ændret imens.");
        } else {
          text(status, result.data.message || "Ikke gemt.");
        }
      })
      .catch(function () { saving = false; dirty = true; text(status, "Ikke gemt – prøver igen."); });
  }
  editor.addEventListener("input", function () {
    dirty = true; text(status, "Skriver …");
    clearTimeout(timer); timer = setTimeout(save, 250);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); save(); });
  document.getElementById("keep-mine").addEventListener("click", function () {
    conflicted = false; document.getElementById("merge").hidden = true; save();
  });
  document.getElementById("take-theirs").addEventListener("click", function () {
    conflicted = false; dirty = false; editor.value = document.getElementById("merge-theirs").value;
    document.getElementById("merge").hidden = true;
  });
}());
