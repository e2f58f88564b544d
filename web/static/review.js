// Highlighted draft <-> flag list: click a flag to scroll to its text and back, and apply a
// substitution suggestion in place. Text is only ever set with textContent.
(function () {
  "use strict";
  var draft = document.getElementById("draft");
  var list = document.getElementById("flag-list");
  if (!draft || !list) return;
  var edit = document.getElementById("edit-text");

  function segmentsOf(key) {
    return Array.prototype.filter.call(draft.querySelectorAll(".seg.hl"), function (s) {
      return s.dataset.flags.split(" ").indexOf(key) !== -1;
    });
  }

  function itemOf(key) {
    return document.getElementById("flag-" + key);
  }

  function flash(el) {
    el.classList.remove("flash");
    void el.offsetWidth; // restart the animation
    el.classList.add("flash");
  }

  function select(key) {
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    segmentsOf(key).forEach(function (s) { s.classList.add("current"); });
    var item = itemOf(key);
    if (item) item.classList.add("current");
  }

  function showInText(key) {
    var segs = segmentsOf(key);
    if (!segs.length) return;
    select(key);
    segs[0].scrollIntoView({ block: "center", behavior: "smooth" });
    segs.forEach(flash);
  }

  function showInList(key) {
    var item = itemOf(key);
    if (!item) return;
    select(key);
    item.scrollIntoView({ block: "center", behavior: "smooth" });
    flash(item);
  }

  // A stretch under several flags: successive clicks go through them, narrowest first.
  function nextKey(seg) {
    var keys = seg.dataset.flags.split(" ");
    var i = Number(seg.dataset.next || 0) % keys.length;
    seg.dataset.next = String(i + 1);
    return keys[i];
  }

  function currentText() {
    return Array.prototype.map.call(draft.querySelectorAll(".seg"), function (s) { return s.textContent; }).join("");
  }

  function apply(button) {
    var key = button.dataset.flag;
    var segs = segmentsOf(key);
    if (!segs.length) return;
    segs[0].textContent = button.dataset.value;
    segs.slice(1).forEach(function (s) { s.textContent = ""; });
    segs.forEach(function (s) { s.classList.add("applied"); });
    itemOf(key).classList.add("is-applied");
    button.disabled = true;
    button.textContent = "已改为“" + button.dataset.value + "”";
    if (edit) {
      edit.value = currentText();
      var hint = document.getElementById("edited-hint");
      if (hint) hint.hidden = false;
    }
  }

  list.addEventListener("click", function (e) {
    var go = e.target.closest(".goto");
    if (go) showInText(go.closest(".flag-item").dataset.flag);
    var fix = e.target.closest(".apply");
    if (fix) apply(fix);
  });

  function onSegment(e) {
    var seg = e.target.closest(".seg.hl");
    if (seg) showInList(nextKey(seg));
  }
  draft.addEventListener("click", onSegment);
  draft.addEventListener("keydown", function (e) {
    if (e.key === "Enter") onSegment(e);
  });
  if (edit) {
    edit.addEventListener("input", function () {
      var hint = document.getElementById("edited-hint");
      if (hint) hint.hidden = false;
    });
  }
})();
