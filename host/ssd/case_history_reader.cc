// Plans, episodes, care leavers and disabilities into CaseHistories. A row with an error
// (a start date missing or not a date ...) is reported by the table reader and not used.
#include "ssd/case_history_reader.h"

#include "extract/table_reader.h"
#include "ssd/mapping_table.h"
#include "ssd/sql_server_values.h"
#include "ssd/ssd_files.h"

namespace oversight {

namespace {

template <typename Use>
void ReadRows(const SsdReadContext& c, int file, Use use) {
  const FileSpec& spec = SsdFileSpec(file);
  TableReader t(c.dir, spec, SsdErrorOrder(file), c.errors);
  while (t.Next()) {
    if (t.row_ok()) use(t);
    c.progress->Update(spec.file, t.bytes_read(), t.file_size());
  }
  for (const auto& n : t.notices()) c.notices->push_back(n);
}

CasePeriod PeriodOf(const TableReader& t) {
  return {*ParseSqlServerDate(t.value(ssd_col::kPeriodStart)),
          SqlServerEndDate(t.value(ssd_col::kPeriodEnd))};
}

// A disability code that is empty, NULL or NONE, in any case, means no disability.
bool IsDisability(std::string_view code) {
  std::string c = MappingTable::Normalise(code);
  return !c.empty() && c != "null" && c != "none";
}

}  // namespace

void ReadCaseHistories(const SsdReadContext& c, CaseHistories* h) {
  using namespace ssd_col;
  ReadRows(c, kSsdCpPlans, [h](const TableReader& t) {
    h->AddCpPlan(std::string(t.value(kPeriodPerson)), PeriodOf(t));
  });
  ReadRows(c, kSsdClaEpisodes, [h](const TableReader& t) {
    h->AddClaEpisode(std::string(t.value(kPeriodPerson)), PeriodOf(t));
  });
  ReadRows(c, kSsdCareLeavers, [h](const TableReader& t) {
    h->AddCareLeaver(std::string(t.value(kCleaPerson)));
  });
  ReadRows(c, kSsdDisability, [h](const TableReader& t) {
    if (IsDisability(t.value(kDisaCode))) h->AddDisability(std::string(t.value(kDisaPerson)));
  });
}

}  // namespace oversight
