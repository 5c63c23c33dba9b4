// Outbox delivery by SMTP or into a folder.
#include "mail/outbox_delivery.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <utility>
#include <vector>

#include "mail/message.h"
#include "state/batched_writes.h"

namespace oversight {

int64_t BackoffSeconds(int attempts) {
  int64_t wait = 60;
  for (int i = 1; i < attempts && wait < 6 * 3600; ++i) wait *= 2;
  return std::min<int64_t>(wait, 6 * 3600);
}

std::string UnsendableAddressProblem(const std::string& kind, const std::string& recipient) {
  const bool fallback = recipient == "fallback";
  return "the " + kind + " email to " + (fallback ? "mail.fallback" : "worker " + recipient) + " is not sent: " +
         (fallback ? "it" : "their address") + " is not an email address Oversight can send to (ASCII " +
         "local@domain, one @, no spaces or any of <>()[],;:\\\")";
}

// A message whose address is not sendable (an old snapshot, a hand-edited outbox) is
// refused for good, naming whom it was for: it must never reach someone else.
static bool RefuseUnsendable(StateStore* state, const OutboxMessage& m, DeliveryReport* report) {
  if (IsSendableAddress(m.address)) return false;
  state->MarkFailed(m.id, true, "not an email address Oversight can send to", 0);
  ++report->rejected;
  report->problems.push_back(UnsendableAddressProblem(m.kind, m.recipient));
  return true;
}

DeliveryReport DeliverBySmtp(StateStore* state, const SmtpSettings& smtp, const std::string& from,
                             int64_t now, bool respect_backoff) {
  DeliveryReport report;
  auto pending = state->Pending(now, respect_backoff);
  if (!pending.ok()) {
    report.problems.push_back(pending.status().message());
    return report;
  }
  if (pending->empty()) return report;
  auto session = SmtpSession::Connect(smtp);
  if (!session.ok()) {
    for (const OutboxMessage& m : *pending) {
      state->MarkFailed(m.id, false, session.status().message(), now + BackoffSeconds(m.attempts + 1));
      ++report.retry_later;
    }
    report.problems.push_back(session.status().message() + " (" + std::to_string(pending->size()) +
                              " messages kept in the outbox for the next try)");
    return report;
  }
  for (size_t i = 0; i < pending->size(); ++i) {
    const OutboxMessage& m = (*pending)[i];
    if (RefuseUnsendable(state, m, &report)) continue;
    SendOutcome o = (*session)->Send(from, m.address, m.message);
    if (o.kind == SendOutcome::Kind::kSessionFailed) {
      // The relay will take nothing now: keep this and every later message for the next try.
      for (size_t j = i; j < pending->size(); ++j) {
        const OutboxMessage& left = (*pending)[j];
        state->MarkFailed(left.id, false, o.detail, now + BackoffSeconds(left.attempts + 1));
        ++report.retry_later;
      }
      report.problems.push_back("the mail relay refused to send: " + o.detail + " (" +
                                std::to_string(pending->size() - i) + " messages kept in the outbox)");
      break;
    }
    if (o.kind == SendOutcome::Kind::kSent) {
      state->MarkDelivered(m.id, "sent");
      ++report.delivered;
    } else if (o.kind == SendOutcome::Kind::kPermanent) {
      state->MarkFailed(m.id, true, o.detail, 0);
      ++report.rejected;
      report.problems.push_back("the relay refused " + m.address + ": " + o.detail);
    } else {
      state->MarkFailed(m.id, false, o.detail, now + BackoffSeconds(m.attempts + 1));
      ++report.retry_later;
      report.problems.push_back("could not deliver to " + m.address + " now (will retry): " + o.detail);
    }
  }
  return report;
}

// The file for one message: unique per outbox row (its id), short whatever the address,
// and starting with the week so a folder sorts by week.
static std::string FileNameFor(const OutboxMessage& m) {
  std::string address = m.address.substr(0, 40);
  for (char& c : address) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '@' && c != '.' && c != '-' && c != '+') c = '_';
  }
  return m.week.substr(0, 10) + "-" + m.kind.substr(0, 12) + "-" + std::to_string(m.id) + "-" + address + ".eml";
}

// Gives `tmp` the name `path` unless that name is taken (errno EEXIST then): a rename
// that cannot replace, or a hard link where the file system has no such rename.
static bool PublishNoReplace(const std::string& tmp, const std::string& path) {
  if (renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno != EINVAL && errno != ENOSYS) return false;
  return link(tmp.c_str(), path.c_str()) == 0;
}

// Whether the file at `path` holds exactly `bytes`.
static bool SameContents(const std::string& path, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  std::string have;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && have.size() <= bytes.size()) have.append(buf, n);
  std::fclose(f);
  return have == bytes;
}

// Writes `bytes` to a new temporary file beside dir/name; its path, or "" with *error.
static std::string WriteTemporary(const std::string& dir, const std::string& name, const std::string& bytes,
                                  std::string* error) {
  const std::string tmp = dir + "/." + name + "." + std::to_string(getpid()) + ".tmp";
  unlink(tmp.c_str());  // left by a run of the same pid that was killed
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) {
    *error = std::strerror(errno);
    return "";
  }
  for (size_t done = 0; done < bytes.size() && error->empty();) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) *error = n < 0 ? std::strerror(errno) : "nothing written";
    else done += static_cast<size_t>(n);
  }
  if (close(fd) != 0 && error->empty()) *error = std::strerror(errno);
  if (error->empty()) return tmp;
  unlink(tmp.c_str());
  return "";
}

// Gives the synced temporary file `tmp` the name dir/name, never over another file; ""
// or why not. A file already there with exactly these bytes is this message, written by
// a run that stopped before the outbox said so.
static std::string Publish(const std::string& tmp, const std::string& dir, const std::string& name,
                           const std::string& bytes) {
  const std::string path = dir + "/" + name;
  std::string error;
  if (!PublishNoReplace(tmp, path)) {
    const int publish_errno = errno;
    if (publish_errno != EEXIST) error = std::strerror(publish_errno);
    else if (!SameContents(path, bytes)) error = "another file already has that name";
  }
  unlink(tmp.c_str());
  return error;
}

// Messages go to the folder a hundred at a time, each whole or not at all: every file of
// the hundred is written under a temporary name, the file system synced once (syncfs),
// each file given its name, the folder synced, and only then are the hundred marked
// "written" in the outbox, in one transaction. A run stopped before that writes them again.
static constexpr size_t kFilesPerSync = 100;

static void WriteBatch(StateStore* state, const std::string& dir, const std::vector<const OutboxMessage*>& batch,
                       DeliveryReport* report) {
  auto keep = [&](const std::string& name, const std::string& error) {
    report->problems.push_back("cannot write " + dir + "/" + name + ": " + error + " (kept in the outbox for the next run)");
    ++report->retry_later;
  };
  // Opened before the files are written: syncfs reports the write-back errors of what
  // was written since its descriptor was opened.
  const int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd < 0) {
    const std::string error = std::strerror(errno);
    for (const OutboxMessage* m : batch) keep(FileNameFor(*m), error);
    return;
  }
  std::vector<std::pair<const OutboxMessage*, std::string>> written;  // message, temporary file
  for (const OutboxMessage* m : batch) {
    std::string error;
    std::string tmp = WriteTemporary(dir, FileNameFor(*m), m->message, &error);
    if (tmp.empty()) keep(FileNameFor(*m), error);
    else written.emplace_back(m, std::move(tmp));
  }
  const bool synced = syncfs(dfd) == 0;
  const std::string sync_error = synced ? "" : std::strerror(errno);
  std::vector<const OutboxMessage*> published;
  for (const auto& [m, tmp] : written) {
    const std::string error = synced ? Publish(tmp, dir, FileNameFor(*m), m->message) : sync_error;
    if (!synced) unlink(tmp.c_str());
    if (error.empty()) published.push_back(m);
    else keep(FileNameFor(*m), error);
  }
  // The names must be durable before the outbox says "written"; if they may not be, the
  // next run finds the files (Publish's same-contents rule) and marks them then.
  const bool names_synced = fsync(dfd) == 0;
  const std::string names_error = names_synced ? "" : std::strerror(errno);
  close(dfd);
  if (!names_synced) {
    for (const OutboxMessage* m : published) keep(FileNameFor(*m), "the folder could not be synced: " + names_error);
    return;
  }
  BatchedWrites marks(state, static_cast<int>(kFilesPerSync));
  if (Status s = marks.Before(); !s.ok()) {
    report->problems.push_back("the outbox cannot be updated: " + s.message());
    return;
  }
  for (const OutboxMessage* m : published) state->MarkDelivered(m->id, "written");
  if (Status s = marks.Commit(); !s.ok()) {
    report->problems.push_back("the outbox was not updated: " + s.message());
    report->retry_later += static_cast<int>(published.size());
    return;
  }
  report->delivered += static_cast<int>(published.size());
}

DeliveryReport WriteToFolder(StateStore* state, const std::string& dir) {
  DeliveryReport report;
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    report.problems.push_back("cannot make the outbox folder " + dir + ": " + std::strerror(errno));
    return report;
  }
  auto pending = state->Pending(0, false);
  if (!pending.ok()) {
    report.problems.push_back(pending.status().message());
    return report;
  }
  std::vector<const OutboxMessage*> batch;
  for (const OutboxMessage& m : *pending) {
    if (RefuseUnsendable(state, m, &report)) continue;
    batch.push_back(&m);
    if (batch.size() == kFilesPerSync) {
      WriteBatch(state, dir, batch, &report);
      batch.clear();
    }
  }
  if (!batch.empty()) WriteBatch(state, dir, batch, &report);
  return report;
}

}  // namespace oversight
