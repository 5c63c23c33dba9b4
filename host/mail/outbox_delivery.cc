// Outbox delivery by SMTP or into a folder.
#include "mail/outbox_delivery.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <fstream>

namespace oversight {

int64_t BackoffSeconds(int attempts) {
  int64_t wait = 60;
  for (int i = 1; i < attempts && wait < 6 * 3600; ++i) wait *= 2;
  return std::min<int64_t>(wait, 6 * 3600);
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

// Writes `bytes` to `path` whole or not at all: a temporary file, synced, renamed, and
// the folder synced, before the outbox may say "written".
static bool WriteWhole(const std::string& dir, const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  bool ok = done == bytes.size() && fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  ok = ok && std::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) {
    unlink(tmp.c_str());
    return false;
  }
  int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return true;
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
  for (const OutboxMessage& m : *pending) {
    std::string name = m.week + "-" + m.kind + "-" + m.address + ".eml";
    std::replace(name.begin(), name.end(), '/', '_');
    const std::string path = dir + "/" + name;
    if (!WriteWhole(dir, path, m.message)) {
      report.problems.push_back("cannot write " + path + " (kept in the outbox for the next run)");
      ++report.retry_later;
      continue;
    }
    state->MarkDelivered(m.id, "written");
    ++report.delivered;
  }
  return report;
}

}  // namespace oversight
