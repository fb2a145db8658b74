// On a phone the panel (a bottom sheet) and the legend fold away to give the
// map the screen: a button with aria-expanded folds its container, and the
// CSS hides all of it but the button (and the panel's heading).

export function foldable(button, container) {
  button.addEventListener("click", () => {
    const expanded = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(expanded));
    container.classList.toggle("folded", !expanded);
  });
}
