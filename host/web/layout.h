// The shell of every dashboard page: the GOV.UK header with service navigation (one
// data-driven list, filtered by role), who is signed in, the main column, and the
// dashboard's own stylesheet (phone widths and print). Pages supply only their body.
#pragma once

#include <string>

#include "web/users.h"

namespace oversight {

// `user` null: a signed-out page (no navigation). `current` is the page's path, so that its
// navigation entry is marked as the one open.
std::string Layout(const std::string& title, const std::string& body, const User* user, const std::string& csrf,
                   const std::string& current = "");

// The dashboard's own stylesheet, served at kAppStylesheetPath.
inline constexpr const char* kAppStylesheetPath = "/static/oversight.css";
const std::string& AppStylesheet();

}  // namespace oversight
