// Page checks beyond axe-core, run in the browser by dialogkurs/testing/browser.py. Each returns
// a list of problems, one line each ([] when the page is fine). Evaluated as an expression that
// yields the object of checks.
(() => {
  const WHITE = [255, 255, 255, 1];

  function parseColour(text) {
    const match = /rgba?\(([^)]+)\)/.exec(text || "");
    if (!match) return null;
    const parts = match[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  }

  function over(top, bottom) {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  }

  function luminance(colour) {
    const [r, g, b] = colour.slice(0, 3).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  function contrast(a, b) {
    const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (high + 0.05) / (low + 0.05);
  }

  // The colour painted behind an element: the first opaque background up its ancestors.
  function backgroundBehind(element) {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const colour = parseColour(getComputedStyle(node).backgroundColor);
      if (colour && colour[3] > 0) {
        layers.push(colour);
        if (colour[3] >= 1) break;
      }
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), WHITE);
  }

  function describe(element) {
    const id = element.id ? `#${element.id}` : "";
    const name = element.getAttribute("name") ? `[name=${element.getAttribute("name")}]` : "";
    const type = element.getAttribute("type") ? `[type=${element.getAttribute("type")}]` : "";
    return `${element.tagName.toLowerCase()}${id}${name}${type}`;
  }

  function isShown(element) {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width >= 4 && box.height >= 4 && style.visibility !== "hidden" && element.getClientRects().length > 0;
  }

  function formControls() {
    return [...document.querySelectorAll("input, select, textarea")].filter(
      (el) => el.type !== "hidden" && !el.disabled && isShown(el) && !el.closest("[aria-hidden='true']"),
    );
  }

  // The parts of the focus indicator: the outline and each box-shadow ring at least 2 px wide.
  function indicatorParts(style) {
    const parts = [];
    if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) {
      parts.push({ what: "outline", colour: parseColour(style.outlineColor) });
    }
    if (style.boxShadow && style.boxShadow !== "none") {
      for (const shadow of style.boxShadow.split(/,(?![^(]*\))/)) {
        const colour = parseColour(shadow);
        const lengths = shadow.replace(/rgba?\([^)]*\)/, "").trim().split(/\s+/).map(parseFloat);
        const spread = lengths.length >= 4 ? lengths[3] : 0;
        if (colour && !shadow.includes("inset") && spread >= 2) parts.push({ what: "box-shadow", colour });
      }
    }
    return parts;
  }

  // The focus indicator of an element that has focus: its best part against what surrounds it.
  function indicatorContrast(element) {
    // Bootstrap fades the focus look in over 0.15 s: measure where the transition ends.
    element.getAnimations().forEach((animation) => animation.finish());
    const around = backgroundBehind(element.parentElement);
    const ratios = indicatorParts(getComputedStyle(element)).map((part) => contrast(over(part.colour, around), around));
    return ratios.length ? Math.max(...ratios) : 0;
  }

  return {
    // 1.4.11: a field's boundary (its border, or else its own background) at least 3:1 against
    // what surrounds it.
    controlContrast() {
      const problems = [];
      const before = document.activeElement;
      before?.blur(); // a field with focus shows its focus look, measured by focusIndicators
      for (const element of formControls()) {
        element.getAnimations().forEach((animation) => animation.finish());
        const style = getComputedStyle(element);
        const around = backgroundBehind(element.parentElement);
        const own = backgroundBehind(element);
        let best = contrast(own, around);
        if (parseFloat(style.borderTopWidth) >= 1 && style.borderTopStyle !== "none") {
          best = Math.max(best, contrast(over(parseColour(style.borderTopColor), around), around));
        }
        if (best < 3) problems.push(`${describe(element)}: boundary contrast ${best.toFixed(2)}:1 (needs 3:1)`);
      }
      if (before && before !== document.body) before.focus({ preventScroll: true });
      return problems;
    },

    // 2.4.7 and 1.4.11: each field, focused as by the keyboard, shows an indicator of at least
    // 3:1 against what surrounds it.
    focusIndicators() {
      const problems = [];
      const before = document.activeElement;
      for (const element of formControls()) {
        element.focus({ focusVisible: true, preventScroll: true });
        if (document.activeElement !== element) continue;
        const best = indicatorContrast(element);
        if (best < 3) problems.push(`${describe(element)}: focus indicator ${best.toFixed(2)}:1 (needs 3:1)`);
        element.blur();
      }
      if (before && before !== document.body) before.focus({ preventScroll: true });
      return problems;
    },

    // 2.4.7: the element the keyboard has just focused shows where it is, at 3:1 at least.
    focusedIndicator() {
      const element = document.activeElement;
      if (!element || element === document.body) return ["nothing on the page has focus"];
      const best = indicatorContrast(element);
      return best < 3 ? [`${describe(element)} “${element.textContent.trim().slice(0, 40)}”: focus indicator ${best.toFixed(2)}:1 (needs 3:1)`] : [];
    },

    // 3.3.2: a form whose fields are marked * says what * means before the first of them.
    requiredNote() {
      const problems = [];
      for (const form of document.querySelectorAll("form")) {
        const star = form.querySelector(".asteriskField");
        if (!star) continue;
        const notes = [...document.querySelectorAll("[data-required-note]")];
        const explained = notes.some(
          (note) => note.compareDocumentPosition(star) & Node.DOCUMENT_POSITION_FOLLOWING && isShown(note),
        );
        if (!explained) problems.push(`form ${form.getAttribute("action") || "(this page)"}: * is not explained`);
      }
      return problems;
    },

    // 2.4.4 / 2.4.6: links and buttons that share an accessible name lead to the same place.
    // Needs axe-core in the page (its accessible-name computation).
    ambiguousNames() {
      window.axe.setup(document);
      try {
        const targets = new Map();
        const selector = "a[href], button, input[type=submit], input[type=button], [role=button], [role=link]";
        // While a modal dialog is open the rest of the page is inert: only the dialog counts.
        const scope = document.querySelector("dialog:modal") || document;
        for (const element of scope.querySelectorAll(selector)) {
          if (element.getClientRects().length === 0 || element.closest("[aria-hidden='true'], dialog:not([open])")) continue;
          const name = window.axe.commons.text
            .accessibleTextVirtual(window.axe.utils.getNodeFromTree(element))
            .replace(/\s+/g, " ")
            .trim()
            .toLowerCase();
          let target;
          if (element.matches("a[href]")) {
            target = `link to ${element.href}`;
          } else if (element.form && element.type === "submit") {
            const form = element.form;
            const fields = [...form.querySelectorAll("input[type=hidden]")]
              .filter((input) => input.name !== "csrfmiddlewaretoken")
              .map((input) => `${input.name}=${input.value}`);
            if (element.name) fields.push(`${element.name}=${element.value}`);
            target = `${form.method} ${form.action} ${fields.sort().join("&")}`;
          } else {
            target = `button ${element.getAttribute("data-copy") || element.getAttribute("aria-controls") || element.outerHTML}`;
          }
          if (!targets.has(name)) targets.set(name, new Set());
          targets.get(name).add(target);
        }
        const problems = [];
        for (const [name, places] of targets) {
          if (name === "") problems.push(`a link or button without a name: ${[...places].join(" | ")}`);
          else if (places.size > 1) problems.push(`“${name}” names ${places.size} targets: ${[...places].join(" | ")}`);
        }
        return problems;
      } finally {
        window.axe.teardown();
      }
    },

    // 1.4.10: nothing scrolls the page sideways; a wide table scrolls inside its own box.
    reflow() {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return [];
      const culprits = [...document.body.querySelectorAll("*")]
        .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest(".table-responsive"))
        .slice(0, 5)
        .map(describe);
      return [`the page is ${document.documentElement.scrollWidth} px wide at ${width} px: ${culprits.join(", ")}`];
    },

    // Long words wrap: no table is wider than its box, no text sticks out of its container.
    tablesFit() {
      return [...document.querySelectorAll(".table-responsive")]
        .filter((box) => box.scrollWidth > box.clientWidth + 1)
        .map((box) => `a table is ${box.scrollWidth} px wide in a box of ${box.clientWidth} px: ${box.querySelector("caption")?.textContent.trim() || describe(box)}`);
    },

    textInside() {
      const main = document.querySelector("main").getBoundingClientRect();
      return [...document.querySelectorAll("main *")]
        .filter((el) => !el.closest(".table-responsive, .visually-hidden, .visually-hidden-focusable") && isShown(el))
        .filter((el) => el.getBoundingClientRect().right > main.right + 1)
        .slice(0, 5)
        .map((el) => `${describe(el)} “${el.textContent.trim().slice(0, 40)}” sticks out of the page by ${Math.round(el.getBoundingClientRect().right - main.right)} px`);
    },
  };
})()
