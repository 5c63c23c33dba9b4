// Output order of exceptions.
#include "checks/exception.h"

#include <algorithm>
#include <tuple>

namespace oversight {

void SortForOutput(const Organisation& org, std::vector<PolicyException>* exceptions) {
  static const std::string kNone;
  auto key = [&](const PolicyException& e) {
    return std::make_tuple(e.recipient.has_value(),
                           e.recipient ? std::cref(org.worker(*e.recipient).id) : std::cref(kNone),
                           std::cref(e.policy), std::cref(org.worker(e.worker).id),
                           e.case_id.has_value(), e.case_id ? std::cref(*e.case_id) : std::cref(kNone),
                           std::cref(e.code));
  };
  std::stable_sort(exceptions->begin(), exceptions->end(),
                   [&](const PolicyException& a, const PolicyException& b) { return key(a) < key(b); });
}

}  // namespace oversight
