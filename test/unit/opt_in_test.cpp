// SPDX-License-Identifier: Apache-2.0
#include "opt_in.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "json_doc.hpp"

namespace common {
namespace {

OptInDecision decide(std::string_view json) {
  return decide_opt_in(parse_json(json, "test"));
}

TEST(OptIn, OurAnnotation) {
  auto stop = decide(R"({"annotations":{"seccomp-witness.io/action":"stop"}})");
  ASSERT_TRUE(stop.opt_in);
  EXPECT_EQ(stop.opt_in->action, WitnessAction::kStop);
  EXPECT_EQ(stop.opt_in->annotation, "seccomp-witness.io/action");
  auto log = decide(R"({"annotations":{"seccomp-witness.io/action":" Log "}})");
  ASSERT_TRUE(log.opt_in);
  EXPECT_EQ(log.opt_in->action, WitnessAction::kLog);
}

TEST(OptIn, APodsSandboxIsNeverWatched) {
  // containerd's CRI and CRI-O give the pod's annotations to its sandbox too.
  for (const char* type :
       {R"("io.kubernetes.cri.container-type":"sandbox")", R"("io.kubernetes.cri-o.ContainerType":"sandbox")"}) {
    const auto d = decide(std::string(R"({"annotations":{"seccomp-witness.io/action":"stop",)") + type + "}}");
    EXPECT_FALSE(d.opt_in) << type;
    EXPECT_TRUE(d.sandbox);
    EXPECT_FALSE(d.suspicious);
  }
  const auto container =
      decide(R"({"annotations":{"seccomp-witness.io/action":"stop","io.kubernetes.cri.container-type":"container"}})");
  EXPECT_TRUE(container.opt_in);
  EXPECT_FALSE(decide(R"({"annotations":{"io.kubernetes.cri.container-type":"sandbox"}})").sandbox)
      << "only an opted-in sandbox is worth a line";
}

TEST(OptIn, CrioAnnotationStopsOnStopAndLogsOtherwise) {
  auto stop = decide(R"({"annotations":{"io.kubernetes.cri-o.seccompNotifierAction":"stop"}})");
  ASSERT_TRUE(stop.opt_in);
  EXPECT_EQ(stop.opt_in->action, WitnessAction::kStop);
  for (const char* value : {"", "log", "whatever"}) {
    auto d = decide(std::string(R"({"annotations":{"io.kubernetes.cri-o.seccompNotifierAction":")") + value + "\"}}");
    ASSERT_TRUE(d.opt_in) << value;
    EXPECT_EQ(d.opt_in->action, WitnessAction::kLog) << value;
  }
}

TEST(OptIn, CriosNewAnnotationNameToo) {
  auto stop = decide(R"({"annotations":{"seccomp-notifier-action.crio.io":"stop"}})");
  ASSERT_TRUE(stop.opt_in);
  EXPECT_EQ(stop.opt_in->action, WitnessAction::kStop);
  EXPECT_EQ(stop.opt_in->annotation, "seccomp-notifier-action.crio.io");
  auto both = decide(
      R"({"annotations":{"io.kubernetes.cri-o.seccompNotifierAction":"stop","seccomp-notifier-action.crio.io":"x"}})");
  ASSERT_TRUE(both.opt_in);
  EXPECT_EQ(both.opt_in->action, WitnessAction::kLog) << "the new name wins, as in CRI-O";
  EXPECT_TRUE(decide(R"({"annotations":{"seccomp-notifier-action.crio.io":1}})").suspicious);
}

TEST(OptIn, OursWinsOverCrios) {
  auto d = decide(
      R"({"annotations":{"io.kubernetes.cri-o.seccompNotifierAction":"stop","seccomp-witness.io/action":"log"}})");
  ASSERT_TRUE(d.opt_in);
  EXPECT_EQ(d.opt_in->action, WitnessAction::kLog);
}

TEST(OptIn, OddValuesAreNotAnOptIn) {
  auto bad = decide(R"({"annotations":{"seccomp-witness.io/action":"kill"}})");
  EXPECT_FALSE(bad.opt_in);
  EXPECT_TRUE(bad.suspicious);
  EXPECT_NE(bad.reason.find("kill"), std::string::npos);
  for (const char* json : {R"({})", R"({"annotations":null})", R"({"annotations":[]})",
                           R"({"annotations":{"seccomp-witness.io/action":5}})",
                           R"({"annotations":{"Seccomp-Witness.io/action":"stop"}})", R"([])"}) {
    EXPECT_FALSE(decide(json).opt_in) << json;
  }
}

TEST(OptIn, WhatCannotCarryAnOptInIsSaid) {
  for (const auto& [json, why] : std::vector<std::pair<const char*, const char*>>{
           {R"([])", "not a JSON object"},
           {R"({"annotations":[]})", "annotations is not an object"},
           {R"({"annotations":{"seccomp-witness.io/action":5}})", "seccomp-witness.io/action is not a string"},
           {R"({"annotations":{"io.kubernetes.cri-o.seccompNotifierAction":{}}})", "seccompNotifierAction is not"}}) {
    const auto d = decide(json);
    EXPECT_FALSE(d.opt_in) << json;
    EXPECT_TRUE(d.suspicious) << json;
    EXPECT_NE(d.reason.find(why), std::string::npos) << json << ": " << d.reason;
  }
  // No annotations at all is the common case, not a suspicious one.
  EXPECT_FALSE(decide(R"({"annotations":null})").suspicious);
  EXPECT_FALSE(decide(R"({})").suspicious);
}

TEST(OptIn, LastDuplicateWinsAsInGo) {
  auto d = decide(R"({"annotations":{"seccomp-witness.io/action":"stop","seccomp-witness.io/action":"log"}})");
  ASSERT_TRUE(d.opt_in);
  EXPECT_EQ(d.opt_in->action, WitnessAction::kLog);
}

}  // namespace
}  // namespace common
