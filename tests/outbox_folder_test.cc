// The outbox folder (`oversight weekly --outbox DIR`, issue 12 item 16): one file for
// each message marked written, whatever its address; never over a file already there;
// written whole or not at all. Messages go into a state file directly and
// WriteToFolder writes them, so every address here is one an extract could hold.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "mail/outbox_delivery.h"
#include "state/state_store.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

OutboxMessage Message(const std::string& recipient, const std::string& address, const std::string& body) {
  OutboxMessage m;
  m.week = "2024-02-26";
  m.kind = "exceptions";
  m.recipient = recipient;
  m.address = address;
  m.subject = "Supervision exceptions";
  m.message = "To: <" + address + ">\r\nSubject: test\r\n\r\n" + body + "\r\n";
  return m;
}

// Every file in `dir` by name, with its bytes.
std::map<std::string, std::string> Files(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    out[entry.path().filename().string()] = bytes.str();
  }
  return out;
}

std::set<std::string> States(StateStore* state) {
  auto rows = state->Messages("2024-02-26");
  REQUIRE(rows.ok());
  std::set<std::string> out;
  for (const auto& r : *rows) out.insert(r.state);
  return out;
}

}  // namespace

TEST_CASE("the outbox folder holds one short-named file for each message written", "[outbox]") {
  TempDir dir;
  auto state = StateStore::Open(dir.File("s.db"));
  REQUIRE(state.ok());
  const std::string long_address = std::string(290, 'l') + "@x.example";
  std::set<std::string> messages;
  for (const auto& [who, address] : std::vector<std::pair<std::string, std::string>>{
           {"W1", "a/b@x.example"}, {"W2", "a_b@x.example"}, {"W3", long_address}, {"W4", "a_b@x.example"}}) {
    OutboxMessage m = Message(who, address, "for " + who);
    messages.insert(m.message);
    REQUIRE(state->Enqueue(m).value());
  }

  DeliveryReport report = WriteToFolder(&*state, dir.File("outbox"));
  INFO("problems: " << report.problems.size() << (report.problems.empty() ? "" : " " + report.problems[0]));
  CHECK(report.problems.empty());
  CHECK(report.retry_later == 0);
  auto files = Files(dir.File("outbox"));
  CHECK(report.delivered == 4);
  CHECK(files.size() == 4);
  std::set<std::string> written;
  for (const auto& [name, bytes] : files) {
    INFO(name);
    CHECK(name.size() <= 100);
    CHECK(name.rfind("2024-02-26", 0) == 0);
    CHECK(name.substr(name.size() - 4) == ".eml");
    written.insert(bytes);
  }
  CHECK(written == messages);
  CHECK(States(&*state) == std::set<std::string>{"written"});

  // A second run has nothing left to write and changes nothing.
  DeliveryReport again = WriteToFolder(&*state, dir.File("outbox"));
  CHECK(again.delivered == 0);
  CHECK(Files(dir.File("outbox")) == files);
}

TEST_CASE("a file already in the outbox folder is never written over", "[outbox]") {
  TempDir first_dir, second_dir, shared;
  const std::string folder = shared.File("outbox");
  auto first = StateStore::Open(first_dir.File("s.db"));
  auto second = StateStore::Open(second_dir.File("s.db"));
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  // Two stores writing into one folder: the same week, kind, outbox id and address.
  REQUIRE(first->Enqueue(Message("W1", "m1@council.example", "the first store's")).value());
  REQUIRE(second->Enqueue(Message("W1", "m1@council.example", "the second store's")).value());
  REQUIRE(WriteToFolder(&*first, folder).delivered == 1);
  const auto before = Files(folder);
  REQUIRE(before.size() == 1);

  DeliveryReport report = WriteToFolder(&*second, folder);
  CHECK(report.delivered == 0);
  CHECK(report.retry_later == 1);
  REQUIRE(report.problems.size() == 1);
  CHECK(report.problems[0].find("already") != std::string::npos);
  CHECK(Files(folder) == before);  // untouched, and no temporary file left behind
  CHECK(States(&*second) == std::set<std::string>{"pending"});
}

TEST_CASE("a message whose file was written by a run that stopped before saying so is marked written", "[outbox]") {
  TempDir first_dir, second_dir, shared;
  const std::string folder = shared.File("outbox");
  auto first = StateStore::Open(first_dir.File("s.db"));
  auto second = StateStore::Open(second_dir.File("s.db"));
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  REQUIRE(first->Enqueue(Message("W1", "m1@council.example", "the same")).value());
  REQUIRE(second->Enqueue(Message("W1", "m1@council.example", "the same")).value());
  REQUIRE(WriteToFolder(&*first, folder).delivered == 1);
  const auto before = Files(folder);

  DeliveryReport report = WriteToFolder(&*second, folder);
  CHECK(report.delivered == 1);
  CHECK(report.problems.empty());
  CHECK(Files(folder) == before);
  CHECK(States(&*second) == std::set<std::string>{"written"});
}

TEST_CASE("a message in the outbox with an address that is not valid is refused, naming whose it was",
          "[outbox]") {
  TempDir dir;
  auto state = StateStore::Open(dir.File("s.db"));
  REQUIRE(state.ok());
  // As an older version could have stored it.
  REQUIRE(state->Enqueue(Message("W7", "w7@council.example>\r\nBcc: <evil@attacker.example", "x")).value());
  DeliveryReport report = WriteToFolder(&*state, dir.File("outbox"));
  CHECK(report.delivered == 0);
  CHECK(report.rejected == 1);
  REQUIRE(report.problems.size() == 1);
  CHECK(report.problems[0].find("W7") != std::string::npos);
  CHECK(Files(dir.File("outbox")).empty());
  CHECK(States(&*state) == std::set<std::string>{"rejected"});
}

TEST_CASE("a week of more messages than one sync covers is written whole, every message once", "[outbox]") {
  // The folder is synced once a hundred messages: 250 make two full groups and a part.
  TempDir dir;
  auto state = StateStore::Open(dir.File("s.db"));
  REQUIRE(state.ok());
  for (int i = 0; i < 250; ++i) {
    const std::string who = "W" + std::to_string(i);
    REQUIRE(state->Enqueue(Message(who, "m" + std::to_string(i) + "@council.example", "for " + who)).value());
  }
  const std::string folder = dir.File("outbox");
  DeliveryReport report = WriteToFolder(&*state, folder);
  CHECK(report.delivered == 250);
  CHECK(report.problems.empty());
  const auto files = Files(folder);
  REQUIRE(files.size() == 250);  // no temporary file left behind either
  std::set<std::string> bodies;
  for (const auto& [name, bytes] : files) bodies.insert(bytes);
  CHECK(bodies.size() == 250);
  CHECK(States(&*state) == std::set<std::string>{"written"});
  CHECK(WriteToFolder(&*state, folder).delivered == 0);  // nothing is pending any more
}
