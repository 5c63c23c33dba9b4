// JSON lines and the people's table.
#include "checks/exception_format.h"

#include <cstdio>
#include <algorithm>
#include <map>

#include "checks/worker_label.h"
#include "common/text_columns.h"

namespace oversight {

std::string FormatNumber2(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

namespace {

// JsonString(s) appended to `out`, a run of plain characters at a time.
void AppendJsonString(std::string* out, const std::string& s) {
  *out += '"';
  size_t plain = 0;  // start of the run not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s, plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        *out += buf;
      }
    }
  }
  out->append(s, plain, std::string::npos);
  *out += '"';
}

}  // namespace

std::string JsonString(const std::string& s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

// One line per exception, written in blocks rather than field by field.
void WriteJsonl(std::ostream& out, const Organisation& org, const std::vector<PolicyException>& list) {
  std::string block;
  for (const PolicyException& e : list) {
    block += "{\"policy\":";
    AppendJsonString(&block, e.policy);
    block += ",\"code\":";
    AppendJsonString(&block, e.code);
    block += ",\"severity\":";
    AppendJsonString(&block, e.severity);
    block += ",\"worker_id\":";
    AppendJsonString(&block, org.worker(e.worker).id);
    block += ",\"case_id\":";
    if (e.case_id) AppendJsonString(&block, *e.case_id); else block += "null";
    block += ",\"recipient_id\":";
    if (e.recipient) AppendJsonString(&block, org.worker(*e.recipient).id); else block += "null";
    block += ",\"due_date\":";
    if (e.due_date) AppendJsonString(&block, FormatDate(*e.due_date)); else block += "null";
    block += ",\"days_overdue\":";
    block += e.days_overdue ? std::to_string(*e.days_overdue) : "null";
    block += ",\"value\":";
    block += e.value ? FormatNumber2(*e.value) : "null";
    block += ",\"limit\":";
    block += e.limit ? FormatNumber2(*e.limit) : "null";
    block += ",\"message\":";
    AppendJsonString(&block, e.message);
    block += "}\n";
    if (block.size() > (1 << 16)) {
      out.write(block.data(), static_cast<std::streamsize>(block.size()));
      block.clear();
    }
  }
  out.write(block.data(), static_cast<std::streamsize>(block.size()));
}

namespace {

// The row layout: 80 columns at most whatever the names and numbers.
constexpr size_t kWorker = 25, kCase = 10, kCode = 22, kDue = 10, kLate = 6;

std::string Row(const std::string& worker, const std::string& case_id, const std::string& code,
                const std::string& due, const std::string& late) {
  return "  " + PadRight(worker, kWorker) + " " + PadRight(case_id, kCase) + " " + PadRight(code, kCode) + " " +
         PadRight(due, kDue) + " " + PadLeft(late, kLate);
}

std::string RecipientLine(const Organisation& org, const std::optional<WorkerKey>& recipient, size_t count) {
  const std::string n = std::to_string(count) + (count == 1 ? " exception" : " exceptions");
  if (!recipient) return Shorten("Unrouted (nobody above the worker can receive them): " + n, kTerminalColumns);
  const Worker& r = org.worker(*recipient);
  const std::string rest = ", " + r.role + ", " + org.team(r.team).id + ": " + n;
  const size_t room = kTerminalColumns - 3 - std::min<size_t>(DisplayWidth(rest), 40);
  return Shorten("To " + WorkerLabel(r, room) + rest, kTerminalColumns);
}

}  // namespace

void WriteTable(std::ostream& out, const Organisation& org, const std::vector<PolicyException>& list) {
  if (list.empty()) {
    out << "No exceptions.\n";
    return;
  }
  const std::string rule(kTerminalColumns - 1, '-');
  size_t i = 0;
  while (i < list.size()) {
    const auto& recipient = list[i].recipient;
    size_t end = i;
    while (end < list.size() && list[end].recipient == recipient) ++end;
    out << RecipientLine(org, recipient, end - i) << "\n" << rule << "\n";
    for (const std::string* policy = nullptr; i < end; ++i) {
      const PolicyException& e = list[i];
      if (!policy || *policy != e.policy) {
        policy = &e.policy;
        out << Shorten(e.policy, kTerminalColumns) << "\n" << Row("worker", "case", "code", "due", "late") << "\n";
      }
      out << Row(WorkerLabel(org.worker(e.worker), kWorker), e.case_id.value_or("-"), e.code,
                 e.due_date ? FormatDate(*e.due_date) : "-",
                 e.days_overdue ? std::to_string(*e.days_overdue) + "d" : "-")
          << "\n";
    }
    out << "\n";
  }
  std::map<std::string, int> by_severity;
  for (const auto& e : list) ++by_severity[e.severity];
  out << list.size() << " exceptions";
  for (const auto& [severity, n] : by_severity) out << ", " << n << " " << severity;
  out << "\n";
}

}  // namespace oversight
