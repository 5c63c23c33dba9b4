// The dashboard's own stylesheet, beside GOV.UK Frontend's: tables that scroll inside their
// box instead of widening the page on a phone, charts that keep a readable size, legends,
// status tags, and the print layout a head of service takes to a performance board.
#include "web/layout.h"

namespace oversight {

const std::string& AppStylesheet() {
  static const std::string css = R"CSS(
/* Nothing may widen the page: long ids and words break. */
.govuk-main-wrapper { overflow-wrap: anywhere; }
.govuk-main-wrapper h1, .govuk-main-wrapper h2 { overflow-wrap: anywhere; }

/* Signed in as ..., beside the navigation. */
.app-signed-in { display: flex; flex-wrap: wrap; align-items: center; gap: 0 15px; margin: 5px 0; }
.app-signed-in__who { margin: 0; }
.app-signed-in__button { margin: 0; }
.govuk-service-navigation__container { flex-wrap: wrap; justify-content: space-between; }

/* A wide table scrolls inside its box; the page itself never scrolls sideways. */
.app-table-scroll { max-width: 100%; overflow-x: auto; margin-bottom: 30px; }
.app-table-scroll:focus { outline: 3px solid #ffdd00; }
.app-table-scroll .govuk-table { margin-bottom: 0; }
.app-table-scroll .govuk-table__cell, .app-table-scroll .govuk-table__header { overflow-wrap: normal; }

/* Charts: full width on a phone, a readable size on a desk. */
.app-chart { max-width: 480px; margin-bottom: 10px; }
.app-chart svg { display: block; width: 100%; height: auto; }
.app-legend { list-style: none; margin: 0 0 20px; padding: 0; display: flex; flex-wrap: wrap; gap: 5px 20px; }
.app-legend li { display: flex; align-items: center; gap: 8px; font-family: "GDS Transport", arial, sans-serif; font-size: 16px; }
.app-legend svg { flex: none; }

/* Small multiples: one small chart a team. */
.app-multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 20px; margin-bottom: 30px; }
.app-multiples figure { margin: 0; }
.app-multiples figcaption { font-family: "GDS Transport", arial, sans-serif; font-weight: 700; font-size: 16px; margin-bottom: 5px; }

/* The filters: side by side when there is room. */
.app-filters { display: flex; flex-wrap: wrap; gap: 0 20px; align-items: flex-end; }
.app-filters .govuk-form-group { margin-bottom: 15px; }
.app-filters .govuk-select { min-width: 0; max-width: 100%; }
.app-filters .govuk-button { margin-bottom: 15px; }

.govuk-select, .govuk-input, .govuk-textarea { max-width: 100%; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }

@media print {
  .govuk-skip-link, .govuk-service-navigation, .app-filters, form, .govuk-button, .app-also { display: none !important; }
  .govuk-header { border-bottom: 2px solid #0b0c0c; background: none; color: #0b0c0c; }
  .govuk-header__link, .govuk-header__service-name { color: #0b0c0c !important; }
  .govuk-width-container { max-width: none; margin: 0; }
  .govuk-main-wrapper { padding: 0; }
  .app-table-scroll { overflow: visible; }
  .govuk-table { font-size: 11pt; }
  .govuk-table__row, .app-chart, .app-multiples figure { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  .app-chart { max-width: 16cm; }
  .govuk-link { color: #0b0c0c; text-decoration: none; }
}
)CSS";
  return css;
}

}  // namespace oversight
