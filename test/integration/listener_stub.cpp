// A stand-in for the monitor, for the wrapper's integration tests: it holds the
// listener socket it is given as fd 3, takes the notify fds the runtime sends,
// answers every notification with EPERM and records each syscall's name in
// <state-dir>/stub.log, so that a test can see the rewritten profile at work.
// It exits when every notify fd hung up, or after 30 s without a connection.
#include <poll.h>
#include <seccomp.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>
#include <vector>

#include "unix_socket.hpp"

namespace {

constexpr int kListenerFd = 3;

void serve_one(int notify_fd, std::ofstream& log) {
  seccomp_notif* req = nullptr;
  seccomp_notif_resp* resp = nullptr;
  if (seccomp_notify_alloc(&req, &resp) != 0) return;
  if (seccomp_notify_receive(notify_fd, req) == 0) {
    char* name = seccomp_syscall_resolve_num_arch(req->data.arch, req->data.nr);
    log << "syscall " << (name != nullptr ? name : "?") << std::endl;
    free(name);
    resp->id = req->id;
    resp->error = -EPERM;
    resp->val = 0;
    resp->flags = 0;
    seccomp_notify_respond(notify_fd, resp);
  }
  seccomp_notify_free(req, resp);
}

}  // namespace

int main(int argc, char** argv) {
  std::string state_dir = "/tmp";
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--state-dir") state_dir = argv[i + 1];
  std::ofstream log(state_dir + "/stub.log", std::ios::app);
  log << "started" << std::endl;

  std::vector<common::UniqueFd> connections;
  std::vector<common::UniqueFd> notify_fds;
  bool served = false;
  while (!served || !notify_fds.empty()) {
    std::vector<pollfd> fds{{kListenerFd, POLLIN, 0}};
    for (const auto& fd : notify_fds) fds.push_back({fd.get(), POLLIN, 0});
    if (::poll(fds.data(), fds.size(), served ? -1 : 30000) <= 0) break;
    if (fds[0].revents & POLLIN) {
      common::UniqueFd conn = common::accept_unix(kListenerFd);
      auto msg = common::receive_with_fds(conn.get(), 65536, 4);
      log << "connected " << msg.data.size() << " bytes, " << msg.fds.size() << " fd(s)" << std::endl;
      for (auto& fd : msg.fds) notify_fds.push_back(std::move(fd));
      connections.push_back(std::move(conn));  // runc keeps its end open; so do we
      served = true;
    }
    for (std::size_t i = fds.size() - 1; i >= 1; --i) {
      if (fds[i].revents & POLLIN)
        serve_one(fds[i].fd, log);
      else if (fds[i].revents & (POLLHUP | POLLERR))
        notify_fds.erase(notify_fds.begin() + static_cast<long>(i) - 1);
    }
  }
  log << "exiting" << std::endl;
  ::unlink((state_dir + "/notify.sock").c_str());
  return 0;
}
