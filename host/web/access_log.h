// The dashboard's access log: one line on standard error per request, saying who asked
// for what, from where, and the answer's status. Every field is escaped, so no request
// can write a second line or a control sequence into the log.
#pragma once

#include <string>

namespace oversight {

// Printable ASCII as it is but for the backslash; every other byte (spaces, controls,
// bytes of non-ASCII text) as \xHH. An empty field is "-".
std::string LogField(const std::string& value);

// The path of a request target as the client sent it: not decoded, without the query
// (which may name a case).
std::string RawPath(const std::string& target);

// "access TIME WHO ADDRESS METHOD PATH STATUS\n", every field through LogField.
std::string AccessLine(const std::string& when, const std::string& who, const std::string& address,
                       const std::string& method, const std::string& target, int status);

}  // namespace oversight
