// The lines a plugin process writes: one record a line, fields between \x1f separators.
#include "policy/outcome_wire.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "common/utf8.h"

namespace oversight {

namespace {

// Messages travel between \x1f separators on one line: no control characters in them,
// and only well-formed UTF-8 (ov.report refuses anything else; a plugin's title and
// rules are read from its environment and are made whole here).
std::string Clean(const std::string& s) {
  std::string out = WithValidUtf8(s);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return out;
}

// Clean(s) appended to `out`: the same text, without a temporary when s is clean already
// (every report is: ov.report takes only well-formed UTF-8).
void AppendClean(std::string* out, const std::string& s) {
  bool plain = ValidUtf8(s);
  for (size_t i = 0; plain && i < s.size(); ++i) plain = static_cast<unsigned char>(s[i]) >= 0x20;
  if (plain) {
    out->append(s);
  } else {
    out->append(Clean(s));
  }
}

// A finite double in a form that reads back to the same bits, subnormals included.
std::string ExactNumber(double v) {
  char num[64];
  std::snprintf(num, sizeof num, "%a", v);
  return num;
}

// The number ExactNumber wrote. Throws std::invalid_argument for anything else.
double ReadNumber(std::string_view view) {
  const std::string text(view);  // strtod reads the hexadecimal form ExactNumber writes
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  // ERANGE also marks a subnormal result, which is exact here: refuse only overflow.
  if (text.empty() || *end != '\0' || !std::isfinite(v)) throw std::invalid_argument("not a number");
  return v;
}

int64_t ReadInteger(std::string_view text) {
  int64_t v = 0;
  const auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || err != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument("not a whole number");
  }
  return v;
}

}  // namespace

std::string EncodeOutcome(const PluginOutcome& o) {
  if (o.state == PluginOutcome::State::kDisabled) return "D\n";
  // What the plugin declares travels even when it failed: the host's figures need to
  // know which of them its failure leaves unknown.
  std::string out;
  if (!o.title.empty()) out += "T\x1f" + Clean(o.title) + "\n";
  for (const auto& [code, text] : o.rules) out += "R\x1f" + Clean(code) + "\x1f" + Clean(text) + "\n";
  for (const auto& [from, to] : o.escalation) out += "X\x1f" + Clean(from) + "\x1f" + Clean(to) + "\n";
  for (const auto& [code, d] : o.codes) {
    out += "C\x1f" + Clean(code) + "\x1f" + Clean(d.label) + "\x1f" + Clean(d.kind) + "\x1f" + Clean(d.severity) +
           "\x1f" + Clean(d.counts) + "\n";
  }
  for (const auto& [name, value] : o.figures) out += "G\x1f" + Clean(name) + "\x1f" + ExactNumber(value) + "\n";
  if (o.state == PluginOutcome::State::kFailed) return out + "F\x1f" + Clean(o.reason) + "\n";
  for (const auto& p : o.problems) out += "P\x1f" + Clean(p) + "\n";
  for (const auto& section : o.sections) out += "S\x1f" + Clean(section) + "\n";
  auto opt_num = [](const std::optional<double>& v) { return v ? ExactNumber(*v) : std::string(); };
  for (const PolicyException& e : o.exceptions) {
    out += "E\x1f";
    AppendClean(&out, e.code);
    out += '\x1f';
    AppendClean(&out, e.severity);
    out += '\x1f';
    out += std::to_string(e.worker);
    out += '\x1f';
    if (e.case_id) AppendClean(&out, *e.case_id);
    out += '\x1f';
    if (e.due_date) out += std::to_string(*e.due_date);
    out += '\x1f';
    if (e.days_overdue) out += std::to_string(*e.days_overdue);
    out += '\x1f';
    if (e.value) out += ExactNumber(*e.value);
    out += '\x1f';
    if (e.limit) out += ExactNumber(*e.limit);
    out += '\x1f';
    AppendClean(&out, e.message);
    out += '\n';
  }
  for (const WorkerMark& m : o.marks) {
    out += "M\x1f" + std::to_string(m.worker) + "\x1f" + Clean(m.as) + "\x1f" + opt_num(m.value) + "\n";
  }
  return out + "K\n";
}

namespace {
// The fields of `line` into `parts`: views into the line, which outlives them.
void Split(std::string_view line, std::vector<std::string_view>* parts) {
  parts->clear();
  size_t start = 0;
  for (;;) {
    size_t sep = line.find('\x1f', start);
    parts->push_back(line.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start));
    if (sep == std::string_view::npos) break;
    start = sep + 1;
  }
}

// How many exception lines `data` holds, so that they are stored without regrowing.
size_t CountExceptions(const std::string& data) {
  size_t n = data.compare(0, 2, "E\x1f") == 0 ? 1 : 0;
  for (size_t at = data.find("\nE\x1f"); at != std::string::npos; at = data.find("\nE\x1f", at + 1)) ++n;
  return n;
}

void DecodeLines(const std::string& data, const Organisation& org, PluginOutcome* o) {
  o->state = PluginOutcome::State::kFailed;
  o->reason = "the plugin process ended without a result";
  o->exceptions.reserve(CountExceptions(data));
  const int64_t workers = static_cast<int64_t>(org.workers().size());
  size_t start = 0;
  std::vector<std::string_view> f;
  while (start < data.size()) {
    size_t nl = data.find('\n', start);
    if (nl == std::string::npos) break;
    Split(std::string_view(data).substr(start, nl - start), &f);
    start = nl + 1;
    if (f[0] == "E" && f.size() == 10) {  // first: nearly every line is one
      PolicyException e;
      e.policy = o->name;
      e.code = f[1];
      e.severity = f[2];
      e.worker = ReadInteger(f[3]);
      if (e.worker < 1 || e.worker > workers) continue;
      if (!f[4].empty()) e.case_id = f[4];
      if (!f[5].empty()) e.due_date = static_cast<Day>(ReadInteger(f[5]));
      if (!f[6].empty()) e.days_overdue = ReadInteger(f[6]);
      if (!f[7].empty()) e.value = ReadNumber(f[7]);
      if (!f[8].empty()) e.limit = ReadNumber(f[8]);
      e.message = f[9];
      o->exceptions.push_back(std::move(e));
    } else if (f[0] == "D") {
      o->state = PluginOutcome::State::kDisabled;
      o->reason.clear();
    } else if (f[0] == "F" && f.size() == 2) {
      o->reason = f[1];
      o->exceptions.clear();
      o->marks.clear();
      return;
    } else if (f[0] == "X" && f.size() == 3) {
      o->escalation[std::string(f[1])] = f[2];
    } else if (f[0] == "P" && f.size() == 2) {
      o->problems.emplace_back(f[1]);
    } else if (f[0] == "S" && f.size() == 2) {
      o->sections.emplace_back(f[1]);
    } else if (f[0] == "T" && f.size() == 2) {
      o->title = f[1];
    } else if (f[0] == "R" && f.size() == 3) {
      o->rules[std::string(f[1])] = f[2];
    } else if (f[0] == "C" && f.size() == 6) {
      o->codes[std::string(f[1])] = CodeDeclaration{std::string(f[2]), std::string(f[3]), std::string(f[4]),
                                                    std::string(f[5])};
    } else if (f[0] == "G" && f.size() == 3) {
      o->figures[std::string(f[1])] = ReadNumber(f[2]);
    } else if (f[0] == "M" && f.size() == 4) {
      const WorkerKey w = ReadInteger(f[1]);
      WorkerMark m{w, std::string(f[2]), std::nullopt};
      if (!f[3].empty()) m.value = ReadNumber(f[3]);
      if (w >= 1 && w <= workers) o->marks.push_back(std::move(m));
    } else if (f[0] == "K") {
      o->state = PluginOutcome::State::kRan;
      o->reason.clear();
    }
  }
}
}  // namespace

void DecodeOutcome(const std::string& data, const Organisation& org, PluginOutcome* o) {
  try {
    DecodeLines(data, org, o);
  } catch (const std::exception&) {  // a number field that is not one: not our process's output
    o->state = PluginOutcome::State::kFailed;
    o->reason = "the plugin process wrote output the host cannot read";
    o->exceptions.clear();
    o->marks.clear();
  }
}

}  // namespace oversight
