// SPDX-License-Identifier: Apache-2.0
#include "runtime_kill.hpp"

#include <boost/process.hpp>

#include <exception>
#include <iterator>

namespace shim {

KillResult kill_container(const common::MonitorSpec& spec) {
  namespace bp = boost::process;
  std::vector<std::string> args = spec.runtime_args;
  args.emplace_back("kill");
  // Without a pid namespace of its own, killing init would leave the rest running.
  if (spec.kill_all) args.emplace_back("--all");
  args.push_back(spec.container_id);
  args.emplace_back("KILL");

  KillResult result;
  try {
    bp::ipstream output;
    bp::child child(bp::exe = spec.runtime, bp::args = args, bp::std_in<bp::null, (bp::std_out & bp::std_err)> output);
    result.output.assign(std::istreambuf_iterator<char>(output), std::istreambuf_iterator<char>());
    child.wait();
    result.exit_code = child.exit_code();
  } catch (const std::exception& e) {
    result.output = e.what();
  }
  return result;
}

}  // namespace shim
