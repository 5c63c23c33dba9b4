// JSON lines and the people's table.
#include "checks/exception_format.h"

#include <cstdio>
#include <map>

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
std::string Fit(const std::string& s, size_t width) {
  if (s.size() <= width) return s + std::string(width - s.size(), ' ');
  return s.substr(0, width - 1) + "~";
}
}  // namespace

void WriteTable(std::ostream& out, const Organisation& org, const std::vector<PolicyException>& list) {
  if (list.empty()) {
    out << "No exceptions.\n";
    return;
  }
  const std::string rule(79, '-');
  size_t i = 0;
  while (i < list.size()) {
    const auto& recipient = list[i].recipient;
    size_t end = i;
    while (end < list.size() && list[end].recipient == recipient) ++end;
    if (recipient) {
      const Worker& r = org.worker(*recipient);
      out << "To " << r.id << " " << r.name << " (" << r.role << ", " << org.team(r.team).id << ")";
    } else {
      out << "Unrouted: to the fallback address (nobody above the worker can receive them)";
    }
    out << ": " << (end - i) << (end - i == 1 ? " exception\n" : " exceptions\n") << rule << "\n";
    out << Fit("policy", 22) << " " << Fit("code", 22) << " " << Fit("worker", 8) << " "
        << Fit("case", 9) << " " << Fit("due", 10) << " late\n";
    for (; i < end; ++i) {
      const PolicyException& e = list[i];
      out << Fit(e.policy, 22) << " " << Fit(e.code, 22) << " " << Fit(org.worker(e.worker).id, 8)
          << " " << Fit(e.case_id.value_or("-"), 9) << " "
          << Fit(e.due_date ? FormatDate(*e.due_date) : "-", 10) << " "
          << (e.days_overdue ? std::to_string(*e.days_overdue) + "d" : "-") << "\n";
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
