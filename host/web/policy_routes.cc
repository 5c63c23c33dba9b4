// HR's pages: the policy versions past runs used, and what-if: a draft of the settings,
// and of one plugin, run on the data shown to see what it would change. Nothing here
// publishes a draft: it lives in a private temporary folder for one request.
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "checks/whatif.h"
#include "policy/policy_check.h"
#include "state/state_store.h"
#include "web/pages.h"
#include "web/routes.h"
#include "web/tables.h"

namespace oversight {

using Poco::Net::HTTPResponse;

namespace {

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool WriteWhole(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out.flush());
}

// A private folder holding the draft: every plugin as it is, one replaced by its draft,
// and the draft settings. Removed when it goes out of scope.
class DraftFolder {
 public:
  DraftFolder() {
    char path[] = "/tmp/oversight-whatif-XXXXXX";
    if (mkdtemp(path)) dir_ = path;
  }
  ~DraftFolder() {
    for (const auto& f : files_) unlink(f.c_str());
    if (!dir_.empty()) rmdir(dir_.c_str());
  }
  DraftFolder(const DraftFolder&) = delete;
  DraftFolder& operator=(const DraftFolder&) = delete;

  bool ok() const { return !dir_.empty(); }
  const std::string& dir() const { return dir_; }
  // Writes NAME in the folder; its path, or empty when it could not be written.
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    files_.push_back(path);
    return WriteWhole(path, text) ? path : "";
  }

 private:
  std::string dir_;
  std::vector<std::string> files_;
};

// What `policy check` finds in the draft, in words about the draft: the private folder's
// paths become "draft settings" and "plugins/NAME.lua"; each finding once.
std::vector<std::string> DraftFindings(const PolicyRunOptions& draft_run, const std::string& settings_path,
                                       const std::string& dir) {
  std::vector<std::string> out;
  const std::string folder = dir.substr(dir.rfind('/') + 1) + "/";  // as a plugin's short name shows it
  for (std::string p : CheckPolicies(draft_run)) {
    for (const auto& [from, to] : {std::pair{settings_path, std::string("draft settings")},
                                   std::pair{dir + "/", std::string("plugins/")},
                                   std::pair{folder, std::string("plugins/")}}) {
      for (size_t at = p.find(from); !from.empty() && at != std::string::npos; at = p.find(from, at + to.size())) {
        p.replace(at, from.size(), to);
      }
    }
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  return out;
}

Reply WhatIfRoute(DashboardContext& ctx, const Request& r) {
  const PolicyRunOptions& run = ctx.options.run;
  auto paths = ListPlugins(run.plugins_dir);
  std::vector<std::string> plugins;
  if (paths.ok()) {
    for (const auto& p : *paths) plugins.push_back(PluginName(p));
  }
  WhatIfForm form{ReadWhole(run.settings_path), plugins, "", "", "", {}};
  auto known = [&](const std::string& name) { return std::find(plugins.begin(), plugins.end(), name) != plugins.end(); };
  if (r.method == "GET") {
    // ?plugin=NAME opens that plugin's source for editing beside the settings.
    for (const auto& [k, v] : Poco::URI(r.http.getURI()).getQueryParameters()) {
      if (k == "plugin" && known(v)) {
        form.plugin = v;
        form.plugin_source = ReadWhole(run.plugins_dir + "/" + v + ".lua");
      }
    }
    return HtmlReply(WhatIfPage(*r.session.user, r.session.csrf, form));
  }
  if (r.method != "POST") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", false);
  Poco::Net::HTMLForm posted(r.http, r.http.stream());
  if (!SameToken(posted.get("csrf_token", ""), r.session.csrf)) {
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "The form has expired.", false);
  }
  form.settings = posted.get("settings", "");
  form.plugin = posted.get("plugin", "");
  if (!form.plugin.empty() && !known(form.plugin)) {
    return ErrorReply(HTTPResponse::HTTP_BAD_REQUEST, "There is no plugin of that name.", false);
  }
  if (!form.plugin.empty()) form.plugin_source = posted.get("plugin_source", "");

  DraftFolder draft;
  PolicyRunOptions now = run, changed = run;
  now.as_of = changed.as_of = ctx.ShownDay();
  bool held = draft.ok();
  if (held) {
    changed.settings_path = draft.Write("policy-settings.lua.draft", form.settings);
    held = !changed.settings_path.empty();
  }
  if (held && !form.plugin.empty()) {
    // The draft folder is the plugin folder as it is, with the one plugin replaced.
    changed.plugins_dir = draft.dir();
    for (const auto& name : plugins) {
      held = held && !draft.Write(name + ".lua", name == form.plugin ? form.plugin_source
                                                                     : ReadWhole(run.plugins_dir + "/" + name + ".lua"))
                          .empty();
    }
  }
  if (held) form.problems = DraftFindings(changed, changed.settings_path, draft.dir());
  if (!held) {
    form.result = "The draft could not be held.";
  } else if (form.problems.empty()) {
    auto w = RunWhatIf(now, changed);
    std::ostringstream out;
    if (w.ok()) {
      WriteWhatIfTable(out, *w);
    } else {
      out << "The draft could not run: " << w.status().message() << "\n";
    }
    form.result = out.str();
  }
  return HtmlReply(WhatIfPage(*r.session.user, r.session.csrf, form));
}

}  // namespace

Reply PolicyRoute(DashboardContext& ctx, const Request& r) {
  if (r.session.user->role == "manager") {
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "Policies and what-if are for HR and admins", r.api);
  }
  if (r.path == "/whatif") return WhatIfRoute(ctx, r);
  if (r.method != "GET") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", r.api);
  auto runs = r.state.Runs(50);
  if (!runs.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "no history yet", r.api);
  if (r.path == "/policies") return HtmlReply(PolicyVersionsPage(*r.session.user, r.session.csrf, *runs));
  if (r.path == "/policies.csv") return CsvReply(TableCsv(RunsTable(*runs)));
  if (r.path == "/api/policies") return JsonReply(TableJson(RunsTable(*runs), FormatDate(ctx.ShownDay())));
  return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", r.api);
}

}  // namespace oversight
