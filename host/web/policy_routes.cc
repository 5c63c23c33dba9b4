// HR's what-if: a draft of the settings, and of one plugin, run on the data shown to see
// what it would change, and "Propose this draft", which proposes exactly the draft run
// for another person's approval (publishing_routes.cc has the versions). A what-if draft
// lives in a private temporary folder for one request: it is never a version.
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include <algorithm>
#include <optional>
#include <sstream>

#include "checks/whatif.h"
#include "policy/policy_check.h"
#include "policy/publishing/draft_folder.h"
#include "policy/publishing/publishing.h"
#include "state/state_store.h"
#include "web/pages.h"
#include "web/policy_pages.h"
#include "web/routes.h"

namespace oversight {

using Poco::Net::HTTPResponse;

namespace {

// Text from a form: line ends as a file has them (a browser sends CR LF).
std::string Posted(const Poco::Net::HTMLForm& posted, const std::string& name) {
  std::string text = posted.get(name, "");
  text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
  return text;
}

void Replace(std::string* text, const std::string& from, const std::string& to) {
  for (size_t at = text->find(from); !from.empty() && at != std::string::npos; at = text->find(from, at + to.size())) {
    text->replace(at, from.size(), to);
  }
}

// A finding in words about the draft: the private folder's paths become "draft
// settings" and "plugins/NAME.lua"; the version in force's folder too.
std::string InDraftWords(std::string p, const PolicyRunOptions& now, const std::string& settings_path,
                         const std::string& dir) {
  const std::string folder = dir.substr(dir.rfind('/') + 1) + "/";  // as a plugin's short name shows it
  for (const auto& [from, to] : {std::pair{settings_path, std::string("draft settings")},
                                 std::pair{dir + "/", std::string("plugins/")},
                                 std::pair{folder, std::string("plugins/")},
                                 std::pair{now.plugins_dir + "/", std::string("plugins/")}}) {
    Replace(&p, from, to);
  }
  return p;
}

// Each finding once, in words about the draft.
std::vector<std::string> DraftWords(const std::vector<std::string>& found, const PolicyRunOptions& now,
                                    const std::string& settings_path, const std::string& dir) {
  std::vector<std::string> out;
  for (const std::string& f : found) {
    std::string p = InDraftWords(f, now, settings_path, dir);
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  return out;
}

// The plugins of the policy run, by name.
std::vector<std::string> PluginNames(const PolicyRunOptions& run) {
  std::vector<std::string> names;
  if (auto paths = ListPlugins(run.plugins_dir); paths.ok()) {
    for (const auto& p : *paths) names.push_back(PluginName(p));
  }
  return names;
}

// Writes the draft into `draft`: the draft settings, and when one plugin is drafted, every
// plugin as it is with that one replaced. False when it could not be written.
bool HoldDraft(const PolicyRunOptions& now, const WhatIfForm& form, DraftFolder* draft, PolicyRunOptions* changed) {
  *changed = now;
  if (!draft->ok()) return false;
  changed->settings_path = draft->Write("policy-settings.lua.draft", form.settings);
  if (changed->settings_path.empty()) return false;
  if (form.plugin.empty()) return true;
  changed->plugins_dir = draft->dir();
  for (const auto& name : form.plugins) {
    const std::string source =
        name == form.plugin ? form.plugin_source : ReadWholeFile(now.plugins_dir + "/" + name + ".lua");
    if (draft->Write(name + ".lua", source).empty()) return false;
  }
  return true;
}

// The draft a POST carries; an error reply when it names a plugin there is not.
std::optional<Reply> ReadDraft(const Poco::Net::HTMLForm& posted, WhatIfForm* form) {
  form->settings = Posted(posted, "settings");
  form->plugin = posted.get("plugin", "");
  if (form->plugin.empty()) return std::nullopt;
  if (std::find(form->plugins.begin(), form->plugins.end(), form->plugin) == form->plugins.end()) {
    return ErrorReply(HTTPResponse::HTTP_BAD_REQUEST, "There is no plugin of that name.", false);
  }
  form->plugin_source = Posted(posted, "plugin_source");
  return std::nullopt;
}

Reply WhatIfRoute(DashboardContext& ctx, const Request& r) {
  PolicyRunOptions run = ctx.Run();
  WhatIfForm form;
  form.settings = ReadWholeFile(run.settings_path);
  form.plugins = PluginNames(run);
  if (r.method == "GET") {
    // ?plugin=NAME opens that plugin's source for editing beside the settings.
    for (const auto& [k, v] : Poco::URI(r.http.getURI()).getQueryParameters()) {
      if (k == "plugin" && std::find(form.plugins.begin(), form.plugins.end(), v) != form.plugins.end()) {
        form.plugin = v;
        form.plugin_source = ReadWholeFile(run.plugins_dir + "/" + v + ".lua");
      }
    }
    return HtmlReply(WhatIfPage(*r.session.user, r.session.csrf, form));
  }
  if (r.method != "POST") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", false);
  Poco::Net::HTMLForm posted(r.http, r.http.stream());
  if (!SameToken(posted.get("csrf_token", ""), r.session.csrf)) {
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "The form has expired.", false);
  }
  if (auto bad = ReadDraft(posted, &form)) return *bad;
  DraftFolder draft;
  PolicyRunOptions now = run, changed;
  now.as_of = ctx.ShownDay();
  const bool held = HoldDraft(now, form, &draft, &changed);
  if (held) form.problems = DraftWords(CheckPolicies(changed), now, changed.settings_path, draft.dir());
  if (!held) {
    form.result = "The draft could not be held.";
  } else if (form.problems.empty()) {
    auto w = RunWhatIf(now, changed);
    std::ostringstream out;
    if (w.ok()) {
      WriteWhatIfTable(out, *w);
      form.ran = true;
    } else {
      out << "The draft could not run: " << w.status().message() << "\n";
    }
    form.result = out.str();
  }
  return HtmlReply(WhatIfPage(*r.session.user, r.session.csrf, form));
}

// POST /policies/propose: the draft what-if ran, proposed with a reason; then its page.
Reply ProposeRoute(DashboardContext& ctx, const Request& r) {
  if (r.method != "POST") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", false);
  Poco::Net::HTMLForm posted(r.http, r.http.stream());
  if (!SameToken(posted.get("csrf_token", ""), r.session.csrf)) {
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "The form has expired.", false);
  }
  const PolicyRunOptions now = ctx.Run();
  WhatIfForm form;
  form.plugins = PluginNames(now);
  if (auto bad = ReadDraft(posted, &form)) return *bad;
  const std::string reason = posted.get("reason", "");
  DraftFolder draft;
  PolicyRunOptions changed;
  PublishOutcome o;
  if (HoldDraft(now, form, &draft, &changed)) {
    o = Propose(r.state, ctx.options.repository, changed, {r.session.user->username, r.session.user->role}, reason);
  } else {
    o = PublishOutcome::Failed("The draft could not be held.");
  }
  if (o.ok()) return Redirect("/policies/" + std::to_string(o.number));
  Reply reply = HtmlReply(ProposeDraftPage(*r.session.user, r.session.csrf, form, reason, o.message,
                                           DraftWords(o.problems, now, changed.settings_path, draft.dir())));
  reply.status = o.kind == PublishOutcome::Kind::kForbidden ? HTTPResponse::HTTP_FORBIDDEN
                 : o.kind == PublishOutcome::Kind::kFailed  ? HTTPResponse::HTTP_INTERNAL_SERVER_ERROR
                                                            : HTTPResponse::HTTP_BAD_REQUEST;
  return reply;
}

}  // namespace

Reply PolicyRoute(DashboardContext& ctx, const Request& r) {
  if (r.session.user->role == "manager") {
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "Policies and what-if are for HR and admins", r.api);
  }
  if (r.path == "/whatif") return WhatIfRoute(ctx, r);
  if (r.path == "/policies/propose") return ProposeRoute(ctx, r);
  return PublishingRoute(ctx, r);
}

}  // namespace oversight
