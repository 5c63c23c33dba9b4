// Escaping the access log's fields.
#include "web/access_log.h"

#include <cstdio>

namespace oversight {

std::string LogField(const std::string& value) {
  if (value.empty()) return "-";
  std::string out;
  for (const char c : value) {
    const unsigned char b = static_cast<unsigned char>(c);
    if (b > 0x20 && b < 0x7F && c != '\\') {
      out += c;
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02X", b);
      out += hex;
    }
  }
  return out;
}

std::string RawPath(const std::string& target) { return target.substr(0, target.find('?')); }

std::string AccessLine(const std::string& when, const std::string& who, const std::string& address,
                       const std::string& method, const std::string& target, int status) {
  return "access " + LogField(when) + " " + LogField(who) + " " + LogField(address) + " " + LogField(method) + " " +
         LogField(RawPath(target)) + " " + std::to_string(status) + "\n";
}

}  // namespace oversight
