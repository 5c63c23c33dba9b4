// Error replies: a GOV.UK error page, or JSON for the API.
#include "web/reply.h"

#include "checks/exception_format.h"
#include "web/pages.h"

namespace oversight {

Reply ErrorReply(int status, const std::string& message, bool api) {
  Reply r;
  r.status = status;
  if (api) {
    r.type = "application/json";
    r.body = "{\"error\":" + JsonString(message) + "}\n";
  } else {
    r.body = ErrorPage(status, message);
  }
  return r;
}

}  // namespace oversight
