// The page shell and its navigation: one list, each entry one line, shown to the roles named.
#include "web/layout.h"

#include "weekly/email_parts.h"

namespace oversight {

namespace {

// Who sees an entry: "" everyone signed in; otherwise the roles, space-separated.
struct NavEntry {
  const char* href;
  const char* label;
  const char* roles;
};

// The service navigation. To add a page: one line here.
const NavEntry kNavigation[] = {
    {"/", "Caseload balance", ""},
    {"/exceptions", "Exceptions", ""},
    {"/trends", "Compliance trends", ""},
    {"/iro", "IRO capacity", ""},
    {"/policies", "Policy versions", "hr admin"},
    {"/whatif", "What if", "hr admin"},
    {"/users", "Users", "admin"},
    {"/audit", "Audit trail", "admin"},
};

bool ShownTo(const NavEntry& e, const User& user) {
  const std::string roles = std::string(" ") + e.roles + " ";
  return std::string(e.roles).empty() || roles.find(" " + user.role + " ") != std::string::npos;
}

// Open: the page's own entry, or the entry whose section it is in (/teams/... under "/").
bool IsOpen(const NavEntry& e, const std::string& current) {
  const std::string href = e.href;
  if (href == "/") return current == "/" || current.rfind("/teams/", 0) == 0 || current.rfind("/workers/", 0) == 0;
  return current == href || current.rfind(href + "/", 0) == 0;
}

std::string SignedIn(const User& user, const std::string& csrf);

// The navigation and who is signed in, in one landmark under the header.
std::string Navigation(const User& user, const std::string& current, const std::string& csrf) {
  std::string items;
  for (const NavEntry& e : kNavigation) {
    if (!ShownTo(e, user)) continue;
    const bool open = IsOpen(e, current);
    items += std::string("<li class=\"govuk-service-navigation__item") +
             (open ? " govuk-service-navigation__item--active" : "") + "\"><a class=\"govuk-service-navigation__link\" "
             "href=\"" + HtmlEscape(e.href) + "\"" + (open ? " aria-current=\"page\"" : "") + ">" +
             (open ? "<strong class=\"govuk-service-navigation__active-fallback\">" : "") + HtmlEscape(e.label) +
             (open ? "</strong>" : "") + "</a></li>";
  }
  return "<section aria-label=\"Service information\" class=\"govuk-service-navigation\"><div "
         "class=\"govuk-width-container\"><div class=\"govuk-service-navigation__container\"><nav "
         "aria-label=\"Dashboard\" class=\"govuk-service-navigation__wrapper\"><ul class=\"govuk-service-navigation__list\" "
         "id=\"navigation\">" + items + "</ul></nav>" + SignedIn(user, csrf) + "</div></div></section>";
}

std::string SignedIn(const User& user, const std::string& csrf) {
  return "<div class=\"app-signed-in\"><p class=\"govuk-body-s app-signed-in__who\">Signed in as " +
         HtmlEscape(user.username) + " (" + HtmlEscape(user.role) + ")</p><form method=\"post\" action=\"/sign-out\">"
         "<input type=\"hidden\" name=\"csrf_token\" value=\"" + HtmlEscape(csrf) + "\"><button class=\"govuk-button "
         "govuk-button--secondary app-signed-in__button\" data-module=\"govuk-button\">Sign out</button></form></div>";
}

}  // namespace

std::string Layout(const std::string& title, const std::string& body, const User* user, const std::string& csrf,
                   const std::string& current) {
  return "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
         HtmlEscape(title) + " - Oversight</title><link rel=\"stylesheet\" href=\"/static/govuk-frontend.min.css\">"
         "<link rel=\"stylesheet\" href=\"" + std::string(kAppStylesheetPath) + "\"></head>\n<body "
         "class=\"govuk-template__body\"><a href=\"#main-content\" class=\"govuk-skip-link\">Skip to main content</a>\n"
         "<header class=\"govuk-header\"><div class=\"govuk-header__container govuk-width-container\"><a href=\"/\" "
         "class=\"govuk-header__link govuk-header__service-name\">Oversight</a></div></header>\n" +
         (user ? Navigation(*user, current, csrf) : std::string()) + "<div class=\"govuk-width-container\"><main class=\"govuk-main-wrapper\" id=\"main-content\">" +
         body + "</main></div></body></html>\n";
}

}  // namespace oversight
