// Output order of exceptions.
#include "checks/exception.h"

#include <algorithm>

namespace oversight {

namespace {

// Where one exception sorts: the strings it is ordered by (null: no value), and its
// place before sorting, which keeps the sort stable.
struct OutputKey {
  const std::string* recipient;
  const std::string* policy;
  const std::string* worker;
  const std::string* case_id;
  const std::string* code;
  size_t index;
};

// -1, 0 or 1: a null before any value, values in byte order.
int Compare(const std::string* a, const std::string* b) {
  if (!a || !b) return (a != nullptr) - (b != nullptr);
  const int c = a->compare(*b);
  return (c > 0) - (c < 0);
}

bool Before(const OutputKey& a, const OutputKey& b) {
  for (auto field : {&OutputKey::recipient, &OutputKey::policy, &OutputKey::worker, &OutputKey::case_id,
                     &OutputKey::code}) {
    if (int c = Compare(a.*field, b.*field)) return c < 0;
  }
  return a.index < b.index;
}

}  // namespace

void SortForOutput(const Organisation& org, std::vector<PolicyException>* exceptions) {
  // The keys are sorted, and each exception then moved once into its place: exceptions
  // are large, and a comparison sort would move each of them many times.
  std::vector<OutputKey> keys;
  keys.reserve(exceptions->size());
  for (size_t i = 0; i < exceptions->size(); ++i) {
    const PolicyException& e = (*exceptions)[i];
    keys.push_back({e.recipient ? &org.worker(*e.recipient).id : nullptr, &e.policy, &org.worker(e.worker).id,
                    e.case_id ? &*e.case_id : nullptr, &e.code, i});
  }
  std::sort(keys.begin(), keys.end(), Before);
  std::vector<PolicyException> sorted;
  sorted.reserve(exceptions->size());
  for (const OutputKey& k : keys) sorted.push_back(std::move((*exceptions)[k.index]));
  exceptions->swap(sorted);
}

}  // namespace oversight
