// The subcommands of `oversight`, one function each; main.cc only dispatches.
// Each returns the process exit status and writes its own errors to stderr.
#pragma once

namespace oversight {

int CmdImport(int argc, char** argv);
int CmdCheck(int argc, char** argv);
int CmdMeasures(int argc, char** argv);
int CmdWeekly(int argc, char** argv);
int CmdServe(int argc, char** argv);
int CmdPolicy(int argc, char** argv);
int CmdWhatIf(int argc, char** argv);
int CmdHistory(int argc, char** argv);
int CmdPlan(int argc, char** argv);
int CmdUser(int argc, char** argv);
int CmdBackup(int argc, char** argv);
int CmdRestore(int argc, char** argv);
int CmdPurge(int argc, char** argv);
struct CommandSpec;
// policy propose|approve|reject|versions|diff|restore, once `policy` has found which.
int CmdPublish(const CommandSpec& spec, int argc, char** argv);

}  // namespace oversight
