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

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

void WriteJsonl(std::ostream& out, const Organisation& org, const std::vector<PolicyException>& list) {
  for (const PolicyException& e : list) {
    out << "{\"policy\":" << JsonString(e.policy) << ",\"code\":" << JsonString(e.code)
        << ",\"severity\":" << JsonString(e.severity)
        << ",\"worker_id\":" << JsonString(org.worker(e.worker).id)
        << ",\"case_id\":" << (e.case_id ? JsonString(*e.case_id) : "null")
        << ",\"recipient_id\":" << (e.recipient ? JsonString(org.worker(*e.recipient).id) : "null")
        << ",\"due_date\":" << (e.due_date ? JsonString(FormatDate(*e.due_date)) : "null")
        << ",\"days_overdue\":" << (e.days_overdue ? std::to_string(*e.days_overdue) : "null")
        << ",\"value\":" << (e.value ? FormatNumber2(*e.value) : "null")
        << ",\"limit\":" << (e.limit ? FormatNumber2(*e.limit) : "null")
        << ",\"message\":" << JsonString(e.message) << "}\n";
  }
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
