// `oversight backup --db FILE DIR`: a consistent copy of the store and its state store
// in a new folder under DIR named for when it was taken, safe while `serve` or `weekly`
// runs. `oversight restore --db FILE [--force] DIR`: puts the backup in DIR back as FILE
// and FILE.state; an existing store is replaced only with --force. Both go in the audit trail.
#include <unistd.h>

#include <iostream>

#include "cli/args.h"
#include "cli/command_table.h"
#include "cli/commands.h"
#include "state/audit_trail.h"
#include "state/backup.h"
#include "state/state_store.h"

namespace oversight {

int CmdBackup(int argc, char** argv) {
  const CommandLine line = ReadCommandLine(Command("backup"), argc, argv);
  if (!line.args) return line.exit_status;
  const Args& args = *line.args;
  if (args.positional().empty()) return UsageError(Command("backup"), "where to? give the folder DIR");
  const std::string db = *args.Get("db"), into = args.positional()[0];
  if (access(db.c_str(), F_OK) != 0) {  // (a mistyped --db must not make a state store)
    std::cerr << "oversight backup: no store " << db << "\n";
    return 1;
  }
  auto state = StateStore::Open(db);  // made when missing, so that a store never used backs up too
  if (!state.ok()) {
    std::cerr << "oversight backup: " << state.status().message() << "\n";
    return 2;
  }
  auto taken = TakeBackup(db, into);
  if (!taken.ok()) {
    std::cerr << "oversight backup: " << taken.status().message() << "\n";
    return 1;
  }
  if (Status s = RecordAudit(state->db(), {CliActor(), audit::kBackup, "to " + taken->folder}); !s.ok()) {
    std::cerr << "oversight backup: the backup was taken but not recorded: " << s.message() << "\n";
    return 1;
  }
  std::cout << "backup of " << db << " written to " << taken->folder << ":\n";
  for (const std::string& f : taken->files) std::cout << "  " << f << "\n";
  return 0;
}

int CmdRestore(int argc, char** argv) {
  const CommandLine line = ReadCommandLine(Command("restore"), argc, argv);
  if (!line.args) return line.exit_status;
  const Args& args = *line.args;
  if (args.positional().empty()) return UsageError(Command("restore"), "from where? give the backup's folder DIR");
  const std::string db = *args.Get("db"), from = args.positional()[0];
  auto restored = RestoreBackup(from, db, args.Has("force"), CliActor());
  if (!restored.ok()) {
    std::cerr << "oversight restore: " << restored.status().message() << "\n";
    return 1;
  }
  std::cout << "restored " << db << " and " << StateStore::PathFor(db) << " from " << from << "\n";
  for (const std::string& r : restored->replaced) std::cout << "  the file it replaced is kept as " << r << "\n";
  return 0;
}

}  // namespace oversight
