#include "live_commands.hpp"

#include <charconv>
#include <sstream>

namespace lifeline::gate {
namespace {

/// `word` as one sh word: single quotes, each ' written as '\''.
std::string sh_quote(const std::string& word) {
    std::string q = "'";
    for (char c : word) {
        if (c == '\'') q += "'\\''";
        else q += c;
    }
    return q + "'";
}

bool to_size(std::string_view text, std::size_t& value) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

sys::RunResult RecordedRunner::run(const Argv& argv, std::chrono::milliseconds) const {
    if (auto it = m_results.find(argv); it != m_results.end()) return it->second;
    bool noted = false;
    for (const auto& m : m_missing) noted = noted || m == argv;
    if (!noted) m_missing.push_back(argv);
    sys::RunResult r;
    r.status = sys::RunStatus::failed_to_start;
    r.error = "not read from the host yet";
    return r;
}

std::vector<Argv> RecordedRunner::take_missing() {
    std::vector<Argv> out;
    out.swap(m_missing);
    return out;
}

void RecordedRunner::record(const Argv& argv, sys::RunResult result) {
    m_results[argv] = std::move(result);
}

std::string live_commands_script(const std::vector<Argv>& commands) {
    std::string s =
        "LLP=";
    for (std::size_t i = 0; i < sys::k_program_dirs.size(); ++i)
        s += (i ? ":" : "") + sys::k_program_dirs[i];
    s += "\n"
         "d=$(mktemp -d) || exit 1\n"
         "to=; PATH=$LLP command -v timeout >/dev/null 2>&1 && to='timeout 10'\n"
         "ll_run() {\n"
         "  i=$1; shift\n"
         "  if ! PATH=$LLP command -v \"$1\" >/dev/null 2>&1; then printf '@@ %s nf 0 0\\n' \"$i\"; return; fi\n"
         "  env -i PATH=$LLP LC_ALL=C $to \"$@\" > \"$d/o\" 2> \"$d/e\" < /dev/null; rc=$?\n"
         "  [ -n \"$to\" ] && [ $rc = 124 ] && rc=to\n"
         "  printf '@@ %s %s %s %s\\n' \"$i\" \"$rc\" $(wc -c < \"$d/o\") $(wc -c < \"$d/e\")\n"
         "  cat \"$d/o\" \"$d/e\"\n"
         "}\n";
    for (std::size_t i = 0; i < commands.size(); ++i) {
        s += "ll_run " + std::to_string(i);
        for (const auto& w : commands[i]) s += " " + sh_quote(w);
        s += "\n";
    }
    s += "rm -rf \"$d\"\n";
    return s;
}

bool parse_live_results(const std::string& output, const std::vector<Argv>& commands,
                        RecordedRunner& runner, std::string& error) {
    std::size_t pos = 0;
    while (pos < output.size()) {
        std::size_t eol = output.find('\n', pos);
        if (eol == std::string::npos || output.compare(pos, 3, "@@ ") != 0) {
            error = "live state: expected a `@@` header at byte " + std::to_string(pos);
            return false;
        }
        std::istringstream head(output.substr(pos + 3, eol - pos - 3));
        std::string index_text, status, out_text, err_text;
        head >> index_text >> status >> out_text >> err_text;
        std::size_t index = 0, out_len = 0, err_len = 0;
        if (!to_size(index_text, index) || index >= commands.size() || !to_size(out_text, out_len) ||
            !to_size(err_text, err_len)) {
            error = "live state: malformed header '" + output.substr(pos, eol - pos) + "'";
            return false;
        }
        pos = eol + 1;
        if (output.size() - pos < out_len + err_len) {
            error = "live state: the output of command " + index_text + " is cut short";
            return false;
        }
        sys::RunResult r;
        r.out = output.substr(pos, out_len);
        r.err = output.substr(pos + out_len, err_len);
        pos += out_len + err_len;
        int code = 0;
        if (status == "nf") {
            r.status = sys::RunStatus::not_found;
        } else if (status == "to") {
            r.status = sys::RunStatus::timed_out;
        } else if (auto [e, ec] = std::from_chars(status.data(), status.data() + status.size(), code);
                   ec == std::errc() && e == status.data() + status.size()) {
            r.status = sys::RunStatus::exited;
            r.exit_code = code;
        } else {
            error = "live state: malformed status '" + status + "'";
            return false;
        }
        runner.record(commands[index], std::move(r));
    }
    return true;
}

}  // namespace lifeline::gate
