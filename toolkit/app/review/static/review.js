// worth review: keyboard-first review of machine suggestions. No inline script (CSP script-src 'self').
"use strict";
(function () {
  const token = document.querySelector('meta[name="worth-token"]').content;
  const modelRun = document.querySelector('meta[name="worth-model-run"]').content || null;
  const banner = document.getElementById("banner");
  const turns = Array.from(document.querySelectorAll(".turn"));
  const codeItems = Array.from(document.querySelectorAll("#codebook li[data-code]"));
  const codeIds = codeItems.map((li) => li.dataset.code);
  let current = -1;
  let suggIndex = 0;

  function say(msg, ok) {
    banner.hidden = false;
    banner.textContent = msg;           // textContent: never parsed as HTML
    banner.style.background = ok ? "#dfd" : "#fdd";
    banner.style.color = ok ? "#060" : "#600";
  }

  async function api(method, path, body) {
    const res = await fetch(path, {
      method: method,
      headers: { "X-Worth-Token": token, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    try { data = await res.json(); } catch (e) { data = { error: res.statusText }; }
    if (!res.ok) {
      const stale = res.status === 409 ? " De pagina is verouderd: herlaad de pagina (F5)." : "";
      say("Niet opgeslagen: " + (data.error || res.status) + (data.hint ? " (" + data.hint + ")" : "") + stale);
      throw new Error(data.error);
    }
    return data;
  }

  function select(i) {
    if (!turns.length) return;
    i = Math.max(0, Math.min(turns.length - 1, i));
    if (current >= 0) turns[current].classList.remove("current");
    current = i;
    suggIndex = 0;
    turns[i].classList.add("current");
    turns[i].scrollIntoView({ block: "nearest" });
    history.replaceState(null, "", "#" + turns[i].id);
  }

  function openSuggestion() {
    if (current < 0) return null;
    const open = turns[current].querySelectorAll(".suggestion:not(.accept):not(.reject)");
    return open.length ? open[0] : null;
  }

  // Offsets in the document (code points, as the store counts them) of a selection inside a turn.
  function selectedSpan() {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    const range = sel.getRangeAt(0);
    const textEl = range.startContainer.parentElement && range.startContainer.parentElement.closest(".text");
    if (!textEl || !textEl.contains(range.endContainer)) return null;
    const turn = textEl.closest(".turn");
    const full = textEl.textContent;
    const pre = document.createRange();
    pre.selectNodeContents(textEl);
    pre.setEnd(range.startContainer, range.startOffset);
    const a = Array.from(pre.toString()).length;
    const b = a + Array.from(range.toString()).length;
    if (b <= a || b > Array.from(full).length) return null;
    return { turn: turn, start: Number(turn.dataset.start) + a, end: Number(turn.dataset.start) + b };
  }

  function addChip(turn, code, start, end) {
    const chip = document.createElement("span");
    chip.className = "coding";
    chip.dataset.code = code;
    const partial = start !== Number(turn.dataset.start) || end !== Number(turn.dataset.end);
    chip.textContent = code + " · " + document.querySelector(".who").textContent.split(":")[1].split("·")[0].trim() +
      (partial ? " [" + start + "–" + end + "]" : "");
    turn.querySelector(".human").appendChild(chip);
  }

  async function decide(kind) {
    const s = openSuggestion();
    if (!s) { say("Geen open suggestie in deze beurt."); return; }
    const turn = turns[current];
    const body = { segment_id: turn.dataset.id, code: s.dataset.code, decision: kind };
    if (modelRun) body.model_run = modelRun;
    const saved = await api("POST", "/api/decisions", body);
    s.classList.add(kind);
    if (kind === "accept") addChip(turn, saved.code_id, saved.start, saved.end);
    say((kind === "accept" ? "Geaccepteerd: " : "Afgewezen: ") + saved.code_id, true);
  }

  async function codeWith(code) {
    if (!codeIds.includes(code)) { say("Onbekende code: " + code); return; }
    const span = selectedSpan();
    const turn = span ? span.turn : turns[current];
    if (!turn) { say("Kies eerst een beurt (j/k) of selecteer tekst."); return; }
    const body = { segment_id: turn.dataset.id, code: code, decision: "accept" };
    if (span) { body.start = span.start; body.end = span.end; }
    if (modelRun) body.model_run = modelRun;
    const saved = await api("POST", "/api/decisions", body);
    addChip(turn, saved.code_id, saved.start, saved.end);
    const s = turn.querySelector('.suggestion[data-code="' + CSS.escape(code) + '"]');
    if (s && !span) s.classList.add("accept");
    window.getSelection().removeAllRanges();
    say("Gecodeerd: " + saved.code_id + " (" + saved.start + "–" + saved.end + ")", true);
  }

  async function undo() {
    const res = await api("POST", "/api/undo");
    sessionStorage.setItem("worth-flash", "Ongedaan gemaakt: " + res.decision + " " + res.code_id);
    location.reload();
  }

  const picker = document.getElementById("codepick");
  const codeInput = document.getElementById("code-input");
  let pickSpan = null;
  function resolveCode(v) {
    v = v.trim().toLowerCase();
    const exact = codeItems.find((li) => li.dataset.code.toLowerCase() === v);
    if (exact) return exact.dataset.code;
    const byName = codeItems.find((li) => li.querySelector("b").textContent.toLowerCase().includes(v));
    return byName ? byName.dataset.code : v;
  }
  if (codeInput) {
    codeInput.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        ev.preventDefault();
        const code = resolveCode(codeInput.value);
        picker.hidden = true;
        codeInput.value = "";
        if (pickSpan) restoreSelection(pickSpan);
        codeWith(code).catch(() => {});
      } else if (ev.key === "Escape") { picker.hidden = true; }
    });
  }
  function restoreSelection(r) { const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); }

  const memoTarget = document.getElementById("memo-target");
  const memoCode = document.getElementById("memo-code");
  if (memoTarget) {
    memoTarget.addEventListener("change", () => { memoCode.hidden = memoTarget.value !== "code"; });
    document.getElementById("memo-save").addEventListener("click", async () => {
      const text = document.getElementById("memo-text").value;
      const target = memoTarget.value;
      let id = document.getElementById("doc").dataset.doc;
      if (target === "segment") { if (current < 0) { say("Kies eerst een beurt."); return; } id = turns[current].dataset.id; }
      if (target === "code") id = resolveCode(memoCode.value);
      const memo = await api("POST", "/api/memos", { target: target, target_id: id, text: text });
      const li = document.createElement("li");
      li.textContent = memo.coder + " (" + memo.target + "): " + memo.text;
      document.getElementById("memo-list").appendChild(li);
      document.getElementById("memo-text").value = "";
      say("Memo opgeslagen.", true);
    });
  }

  turns.forEach((t, i) => t.addEventListener("click", () => { if (window.getSelection().isCollapsed) select(i); }));

  document.addEventListener("keydown", (ev) => {
    const tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const run = (p) => p.catch(() => {});
    if (ev.key === "j") select(current + 1);
    else if (ev.key === "k") select(current - 1);
    else if (ev.key === "a") run(decide("accept"));
    else if (ev.key === "r") run(decide("reject"));
    else if (ev.key === "u") run(undo());
    else if (ev.key === "m") { ev.preventDefault(); document.getElementById("memo-text").focus(); }
    else if (ev.key === "c" && picker) {
      ev.preventDefault();
      const sel = window.getSelection();
      pickSpan = sel && !sel.isCollapsed ? sel.getRangeAt(0).cloneRange() : null;
      picker.hidden = false; codeInput.focus();
    } else if (/^[1-9]$/.test(ev.key)) {
      const code = codeIds[Number(ev.key) - 1];
      if (code) run(codeWith(code));
    } else return;
    ev.preventDefault();
  });

  // Retrain: start in the background, poll, show per-code F1/AUC before and after.
  const rbtn = document.getElementById("retrain-btn");
  const rstate = document.getElementById("retrain-state");
  const fmt = (v) => (v === null || v === undefined ? "–" : Number(v).toFixed(2));
  function showRetrain(r) {
    if (r.state === "running") { rstate.textContent = "bezig met trainen…"; return false; }
    if (r.state === "failed") { rstate.textContent = "mislukt: " + r.error; return true; }
    if (r.state !== "done") { rstate.textContent = ""; return true; }
    rstate.textContent = "klaar in " + r.seconds + " s: " + r.coder + " (herlaad voor de nieuwe suggesties)";
    const table = document.getElementById("retrain-table");
    const body = table.querySelector("tbody");
    body.replaceChildren();
    r.per_code.forEach((row) => {
      const tr = document.createElement("tr");
      [row.code, row.support, fmt(row.f1_before), fmt(row.f1_after), fmt(row.auc_before), fmt(row.auc_after)]
        .forEach((v) => { const td = document.createElement("td"); td.textContent = v; tr.appendChild(td); });
      body.appendChild(tr);
    });
    table.hidden = false;
    return true;
  }
  async function poll() {
    const r = await api("GET", "/api/retrain");
    if (!showRetrain(r)) setTimeout(() => poll().catch(() => {}), 1000);
  }
  if (rbtn) {
    rbtn.addEventListener("click", async () => {
      try { await api("POST", "/api/retrain"); } catch (e) { /* already running: keep polling */ }
      poll().catch(() => {});
    });
    poll().catch(() => {});
  }

  const flash = sessionStorage.getItem("worth-flash");
  if (flash) { sessionStorage.removeItem("worth-flash"); say(flash, true); }
  if (turns.length) {
    const fromHash = turns.findIndex((t) => "#" + t.id === location.hash);
    if (fromHash >= 0) select(fromHash);
  }
})();
