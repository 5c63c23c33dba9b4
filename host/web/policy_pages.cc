// The markup of the publishing pages, in the GOV.UK Design System's components (summary
// cards and lists, tags, error summaries, textareas), every value HTML-escaped.
#include "web/policy_pages.h"

#include <cctype>
#include <sstream>

#include "policy/publishing/version_words.h"
#include "weekly/email_parts.h"
#include "web/layout.h"
#include "web/tables.h"

namespace oversight {

namespace {

const char* TagColour(const std::string& state) {
  if (state == kInForce) return "govuk-tag--green";
  if (state == kProposed) return "govuk-tag--yellow";
  if (state == kSuperseded) return "govuk-tag--grey";
  return "govuk-tag--red";
}

std::string Tag(const std::string& state) {
  return "<strong class=\"govuk-tag " + std::string(TagColour(state)) + "\">" + HtmlEscape(state) + "</strong>";
}

std::string Row(const std::string& key, const std::string& value_html) {
  return "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">" + HtmlEscape(key) +
         "</dt><dd class=\"govuk-summary-list__value\">" + value_html + "</dd></div>";
}

std::string Who(const std::string& name, const std::string& when) {
  return HtmlEscape(name) + " on " + HtmlEscape(VersionDate(when));
}

std::string Token(const std::string& csrf) {
  return "<input type=\"hidden\" name=\"csrf_token\" value=\"" + HtmlEscape(csrf) + "\">";
}

// A required reason, with its error beside it when it was missing.
std::string ReasonField(const std::string& id, const std::string& label, const std::string& hint,
                        const std::string& value, const std::string& error) {
  std::string out = "<div class=\"govuk-form-group" + std::string(error.empty() ? "" : " govuk-form-group--error") +
                    "\"><label class=\"govuk-label govuk-label--s\" for=\"" + id + "\">" + HtmlEscape(label) +
                    "</label><div class=\"govuk-hint\" id=\"" + id + "-hint\">" + HtmlEscape(hint) + "</div>";
  if (!error.empty()) {
    out += "<p class=\"govuk-error-message\" id=\"" + id + "-error\"><span class=\"govuk-visually-hidden\">Error:"
           "</span> " + HtmlEscape(error) + "</p>";
  }
  return out + "<textarea class=\"govuk-textarea" + std::string(error.empty() ? "" : " govuk-textarea--error") +
         "\" id=\"" + id + "\" name=\"reason\" rows=\"3\" aria-describedby=\"" + id + "-hint" +
         (error.empty() ? "" : " " + id + "-error") + "\">" + HtmlEscape(value) + "</textarea></div>";
}

std::string ErrorSummary(const std::string& title, const std::string& error, const std::vector<std::string>& problems,
                         const std::string& anchor) {
  if (error.empty() && problems.empty()) return "";
  std::string out = "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\"><h2 "
                    "class=\"govuk-error-summary__title\">" + HtmlEscape(title) + "</h2><div class=\"govuk-error-summary__"
                    "body\"><ul class=\"govuk-list govuk-error-summary__list\" id=\"publish-problems\">";
  if (!error.empty()) {
    std::string said = error;
    said[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(said[0])));  // a sentence on the page
    out += "<li><a href=\"#" + anchor + "\">" + HtmlEscape(said) + "</a></li>";
  }
  for (const auto& p : problems) out += "<li><a href=\"#" + anchor + "\">" + HtmlEscape(p) + "</a></li>";
  return out + "</ul></div></div></div>";
}

// One line of a unified diff, readable on a phone: it wraps, and its indentation stays.
std::string DiffLine(const std::string& line) {
  if (line.rfind("---", 0) == 0 || line.rfind("+++", 0) == 0) return "";
  if (line.rfind("@@", 0) == 0) {
    return "<p class=\"govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-1\">" + HtmlEscape(line) + "</p>";
  }
  const char op = line.empty() ? ' ' : line[0];
  std::string text = line.size() > 1 ? line.substr(1) : "";
  std::string lead;
  size_t spaces = 0;
  while (spaces < text.size() && (text[spaces] == ' ' || text[spaces] == '\t')) {
    lead += text[spaces] == '\t' ? "&nbsp;&nbsp;&nbsp;&nbsp;" : "&nbsp;";
    ++spaces;
  }
  const std::string body = lead + HtmlEscape(text.substr(spaces));
  std::string shown = op == '+' ? "<ins>+ " + body + "</ins>" : op == '-' ? "<del>- " + body + "</del>" : "&nbsp; " + body;
  return "<div class=\"govuk-!-text-break-word\"><code>" + shown + "</code></div>";
}

std::string DiffHtml(const std::vector<FileDiff>& diffs) {
  std::ostringstream b;
  if (diffs.empty()) b << "<p class=\"govuk-body\">No file differs.</p>";
  for (const FileDiff& d : diffs) {
    b << "<h3 class=\"govuk-heading-s\">" << HtmlEscape(d.label) << " (" << HtmlEscape(d.change) << ")</h3>"
      << "<div class=\"govuk-body-s\" data-file=\"" << HtmlEscape(d.label) << "\">";
    std::istringstream lines(d.text);
    for (std::string line; std::getline(lines, line);) b << DiffLine(line);
    b << "</div>";
  }
  return b.str();
}

std::string VersionPath(int64_t n) { return "/policies/" + std::to_string(n); }

// The form that POSTs to /policies/N/ACTION, with a reason when `reason_label` is given.
std::string ActionForm(const std::string& csrf, int64_t n, const std::string& action, const std::string& button,
                       const std::string& button_class, const std::string& reason_label, const std::string& hint) {
  std::string out = "<form method=\"post\" action=\"" + VersionPath(n) + "/" + action + "\" novalidate>" + Token(csrf);
  if (!reason_label.empty()) out += ReasonField(action + "-reason", reason_label, hint, "", "");
  return out + "<button class=\"govuk-button " + button_class + "\" data-module=\"govuk-button\">" +
         HtmlEscape(button) + "</button></form>";
}

std::string Actions(const User& user, const std::string& csrf, const VersionView& v) {
  const PolicyVersionRecord& r = v.version;
  std::ostringstream b;
  if (r.state == kProposed && r.author == user.username) {
    b << "<div class=\"govuk-inset-text\">You proposed this version: another HR user or an admin must approve it. "
      << "You cannot approve your own proposal.</div>"
      << ActionForm(csrf, r.number, "reject", "Withdraw this proposal", "govuk-button--warning",
                    "Why withdraw it", "Kept with the version.");
  } else if (r.state == kProposed) {
    b << "<h2 class=\"govuk-heading-m\">Decide</h2>"
      << ActionForm(csrf, r.number, "approve", "Approve and put in force", "", "", "")
      << ActionForm(csrf, r.number, "reject", "Reject", "govuk-button--warning", "Why reject it",
                    "The author sees this with the version.");
  } else if (r.approved() && r.number != v.in_force) {
    b << "<h2 class=\"govuk-heading-m\">Restore</h2><p class=\"govuk-body\">Restoring proposes a copy of this "
      << "version; another HR user or an admin must approve it before it is in force.</p>"
      << ActionForm(csrf, r.number, "restore", "Propose restoring this version", "govuk-button--secondary",
                    "Why restore it", "Kept with the new proposal.");
  }
  return b.str();
}

std::string VersionCard(const PolicyVersionRecord& v) {
  std::ostringstream b;
  b << "<div class=\"govuk-summary-card\" id=\"version-" << v.number << "\"><div class=\"govuk-summary-card__title-"
    << "wrapper\"><h2 class=\"govuk-summary-card__title\">Version " << v.number << " " << Tag(v.state) << "</h2><ul "
    << "class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\""
    << VersionPath(v.number) << "\">View changes<span class=\"govuk-visually-hidden\"> in version " << v.number
    << "</span></a></li></ul></div><div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">"
    << Row("Proposed by", Who(v.author, v.proposed_at))
    << Row(v.approved() ? "Approved by" : v.state == kProposed ? "Approved by" : "Turned down by",
           v.reviewer.empty() ? (v.approved() ? "Recorded on " + HtmlEscape(VersionDate(v.reviewed_at)) : "Not yet")
                              : Who(v.reviewer, v.reviewed_at))
    << Row("Reason", HtmlEscape(v.reason) + (v.restores ? " (restores version " + std::to_string(v.restores) + ")" : ""))
    << "</dl></div></div>";
  return b.str();
}

}  // namespace

std::string VersionsPage(const User& user, const std::string& csrf, const VersionsView& v) {
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">Policy versions</h1><p class=\"govuk-body\" id=\"in-force\">Version "
    << v.in_force.number << " is in force. " << HtmlEscape(InForceLine(v.in_force)) << ".</p>";
  if (v.repository_differs) {
    b << "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
      << "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>The "
      << "repository's plugins or settings differ from version " << v.in_force.number << ". They are not used until "
      << "someone proposes them (oversight policy propose --from-repository) and another person approves them."
      << "</strong></div>";
  }
  b << "<p class=\"govuk-body\">To change the policy, try a draft in <a class=\"govuk-link\" href=\"/whatif\">What "
    << "if</a> and propose it from there. A proposal is in force only once another HR user or an admin approves "
    << "it. What plugins and settings may say: docs/plugin-api.md.</p>";
  for (const auto& version : v.versions) b << VersionCard(version);
  b << "<h2 class=\"govuk-heading-m\">Runs and the policy they used</h2><p class=\"govuk-body\">Each run records "
    << "a content hash of every plugin and setting it used.</p>" << TableHtml(RunsTable(v.runs), "/policies.csv")
    << "<p class=\"govuk-body-s\">The same as JSON: <a class=\"govuk-link\" href=\"/api/policies\">/api/policies"
    << "</a></p>";
  return Layout("Policy versions", b.str(), &user, csrf, "/policies");
}

std::string VersionPage(const User& user, const std::string& csrf, const VersionView& v) {
  const PolicyVersionRecord& r = v.version;
  std::ostringstream b;
  b << ErrorSummary("It was not done", v.error, v.problems, "main-content")
    << "<a class=\"govuk-back-link\" href=\"/policies\">All policy versions</a><h1 class=\"govuk-heading-l\">"
    << "Policy version " << r.number << " " << Tag(r.state) << "</h1><dl class=\"govuk-summary-list\">"
    << Row("Proposed by", Who(r.author, r.proposed_at)) << Row("Reason", HtmlEscape(r.reason));
  if (r.restores) b << Row("Restores", "<a class=\"govuk-link\" href=\"" + VersionPath(r.restores) + "\">Version " +
                                           std::to_string(r.restores) + "</a>");
  if (!r.reviewer.empty()) {
    b << Row(r.approved() ? "Approved by" : r.state == kWithdrawn ? "Withdrawn by" : "Rejected by",
             Who(r.reviewer, r.reviewed_at));
  }
  if (!r.review_note.empty()) b << Row("Why", HtmlEscape(r.review_note));
  b << "</dl>" << Actions(user, csrf, v);
  if (r.based_on) {
    b << "<h2 class=\"govuk-heading-m\">What it changes from <a class=\"govuk-link\" href=\"" << VersionPath(r.based_on)
      << "\">version " << r.based_on << "</a></h2>" << DiffHtml(v.diffs);
  } else {
    b << "<p class=\"govuk-body\">The first version: the plugins and settings the product shipped with.</p>";
  }
  return Layout((v.error.empty() ? "" : "Error: ") + std::string("Policy version ") + std::to_string(r.number),
                b.str(), &user, csrf, "/policies");
}

std::string ProposeDraftForm(const std::string& csrf, const WhatIfForm& form, const std::string& reason) {
  std::ostringstream b;
  b << "<h2 class=\"govuk-heading-m\">Propose this draft</h2><p class=\"govuk-body\">Proposes exactly the draft "
    << "shown above. Another HR user or an admin must approve it before it is in force.</p><form method=\"post\" "
    << "action=\"/policies/propose\" novalidate>" << Token(csrf) << "<input type=\"hidden\" name=\"settings\" value=\""
    << HtmlEscape(form.settings) << "\"><input type=\"hidden\" name=\"plugin\" value=\"" << HtmlEscape(form.plugin)
    << "\">";
  if (!form.plugin.empty()) {
    b << "<input type=\"hidden\" name=\"plugin_source\" value=\"" << HtmlEscape(form.plugin_source) << "\">";
  }
  b << ReasonField("propose-reason", "Why propose it", "Kept with the version, for whoever approves it.", reason, "")
    << "<button class=\"govuk-button\" data-module=\"govuk-button\">Propose this draft</button></form>";
  return b.str();
}

std::string ProposeDraftPage(const User& user, const std::string& csrf, const WhatIfForm& form,
                             const std::string& reason, const std::string& error,
                             const std::vector<std::string>& problems) {
  std::ostringstream b;
  b << ErrorSummary("The draft was not proposed", error, problems, "propose-reason")
    << "<a class=\"govuk-back-link\" href=\"/whatif\">What if</a><h1 class=\"govuk-heading-l\">Propose a draft</h1>"
    << ProposeDraftForm(csrf, form, reason);
  return Layout("Error: Propose a draft", b.str(), &user, csrf, "/whatif");
}

}  // namespace oversight
