// Talking to the OpenID provider over HTTPS (plain HTTP only to a loopback address, for
// tests): one GET or form POST with timeouts, a deadline for the whole answer and a bound
// on its size, so that a slow or hostile provider cannot hold a dashboard worker or its memory.
#pragma once

#include <chrono>
#include <string>

#include "common/status.h"

namespace oversight {

struct FetchOptions {
  std::string form;                 // a POST of application/x-www-form-urlencoded; empty: GET
  std::string authorization;        // an Authorization header, if any (never logged)
  std::string ca_file;              // PEM certificates to trust; empty: the system's store
  std::chrono::seconds timeout{10}; // connecting, and each read or write
  std::chrono::seconds deadline{20};  // the whole answer
  size_t max_bytes = 1 << 20;
};

// The body of a 200 answer; an error (naming the address, never the form) otherwise.
Result<std::string> Fetch(const std::string& url, const FetchOptions& options);

// application/x-www-form-urlencoded: letters, digits and -._~ as they are, the rest %XX.
std::string FormEncode(const std::string& value);

}  // namespace oversight
