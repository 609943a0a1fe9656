// SPDX-License-Identifier: Apache-2.0
#include "state/state_message.hpp"

#include <gtest/gtest.h>

#include "json_doc.hpp"

namespace common {
namespace {

TEST(StateMessage, WhatRuncSends) {
  // The shape of runc's message for `runc run` (libcontainer's containerProcessState).
  const auto m = parse_state_message(
      R"({"ociVersion":"1.0.2","fds":["seccompFd"],"pid":4242,"metadata":"",)"
      R"("state":{"ociVersion":"1.0.2","id":"nginx","status":"creating","pid":4242,"bundle":"/b","annotations":{}}})");
  EXPECT_EQ(m.fds, std::vector<std::string>{"seccompFd"});
  EXPECT_EQ(m.pid, 4242);
  EXPECT_EQ(m.container_id, "nginx");
  EXPECT_EQ(m.init_pid, 4242);
}

TEST(StateMessage, ExecNamesTheInitInItsState) {
  const auto m = parse_state_message(
      R"({"ociVersion":"1.0.2","fds":["seccompFd"],"pid":5000,"metadata":"",)"
      R"("state":{"ociVersion":"1.0.2","id":"nginx","status":"running","pid":4242,"bundle":"/b"}})");
  EXPECT_EQ(m.pid, 5000);
  EXPECT_EQ(m.init_pid, 4242);
}

TEST(StateMessage, MissingPartsAreEmpty) {
  const auto m = parse_state_message("{}");
  EXPECT_TRUE(m.fds.empty());
  EXPECT_EQ(m.pid, 0);
  EXPECT_EQ(m.container_id, "");
  EXPECT_EQ(m.init_pid, 0);
}

TEST(StateMessage, WrongShapesAreNamed) {
  for (const auto& [text, why] :
       std::vector<std::pair<const char*, const char*>>{{"[]", "not an object"},
                                                        {R"({"fds":"seccompFd"})", "fds is not an array"},
                                                        {R"({"fds":[3]})", "not a string"},
                                                        {R"({"fds":["a")", "invalid JSON"}}) {
    try {
      (void)parse_state_message(text);
      ADD_FAILURE() << text << " was accepted";
    } catch (const JsonError& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << text << ": " << e.what();
    }
  }
}

}  // namespace
}  // namespace common
