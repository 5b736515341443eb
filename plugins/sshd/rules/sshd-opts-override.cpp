// SSHD039 sshd-opts-override: Debian's ssh.service runs `sshd -D $SSHD_OPTS` with SSHD_OPTS from
// /etc/default/ssh, so -p, -o, -f, -4 or -6 there change what the running daemon does, out of
// sight of sshd_config (and of ExecStartPre's plain `sshd -t`).
#include <string>
#include <vector>

#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD039")->info;
}

constexpr std::string_view k_file = "/etc/default/ssh";
constexpr std::string_view k_variable = "SSHD_OPTS";
/// sshd 9.2's getopt string: letters followed by ':' take an argument.
constexpr std::string_view k_getopt = "C:E:b:c:f:g:h:k:o:p:u:46DQRTdeiqrtV";
constexpr std::string_view k_overriding = "46fop";

/// One word of the value and its 1-based column in the line.
struct Word {
    std::string text;
    int column = 0;
};

/// The words `$SSHD_OPTS` expands to: the value with its quotes removed (systemd's
/// EnvironmentFile= and the shell both drop them), split at blanks by the unquoted expansion in
/// ExecStart=. An unquoted `#` starting a word ends the value (a shell comment).
std::vector<Word> split_words(std::string_view line, size_t from) {
    std::vector<Word> out;
    char quote = 0;
    bool in_word = false;
    for (size_t i = from; i < line.size(); ++i) {
        char c = line[i];
        if (quote ? c == quote : (c == '"' || c == '\'')) {
            quote = quote ? 0 : c;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            in_word = false;
            continue;
        }
        if (!quote && !in_word && c == '#') break;
        if (!in_word) out.push_back({"", int(i) + 1}), in_word = true;
        out.back().text.push_back(c);
    }
    return out;
}

/// The options among `words` that override sshd_config, as written ("-p 2222"), and the column
/// of the first one.
std::vector<std::string> overriding(const std::vector<Word>& words, int& column) {
    std::vector<std::string> found;
    for (size_t w = 0; w < words.size(); ++w) {
        const std::string& t = words[w].text;
        if (t.size() < 2 || t[0] != '-' || t == "--") continue;
        for (size_t i = 1; i < t.size(); ++i) {
            size_t at = k_getopt.find(t[i]);
            bool takes_arg =
                at != std::string_view::npos && at + 1 < k_getopt.size() && k_getopt[at + 1] == ':';
            std::string arg = !takes_arg             ? std::string()
                              : i + 1 < t.size()     ? t.substr(i + 1)
                              : w + 1 < words.size() ? words[w + 1].text
                                                     : std::string();
            if (k_overriding.find(t[i]) != std::string_view::npos) {
                if (found.empty()) column = words[w].column;
                found.push_back(std::string("-") + t[i] + (arg.empty() ? "" : " " + arg));
            }
            if (takes_arg) {
                if (i + 1 == t.size()) ++w;  // the argument is the next word
                break;
            }
        }
    }
    return found;
}

}  // namespace

void check_sshd_opts_override(RuleContext& ctx) {
    const SourceFile* file = ctx.host.load(k_file);
    if (!file) return;
    int assigned_at = 0;  // the last assignment wins
    size_t value_from = 0;
    for (int n = 1; n <= file->line_count(); ++n) {
        std::string_view line = file->line(n);
        size_t i = line.find_first_not_of(" \t");
        if (i == std::string_view::npos) continue;
        if (line.compare(i, 7, "export ") == 0) i = line.find_first_not_of(" \t", i + 7);
        if (i == std::string_view::npos || line.compare(i, k_variable.size(), k_variable) != 0)
            continue;
        size_t eq = line.find_first_not_of(" \t", i + k_variable.size());
        if (eq == std::string_view::npos || line[eq] != '=') continue;
        assigned_at = n;
        value_from = eq + 1;
    }
    if (assigned_at == 0) return;
    int column = 1;
    std::vector<std::string> found =
        overriding(split_words(file->line(assigned_at), value_from), column);
    if (found.empty()) return;
    std::string list;
    for (const auto& f : found) list += (list.empty() ? "" : ", ") + f;
    ctx.report(info(), SourceLocation{file->path(), assigned_at, column, 0, 0},
               "SSHD_OPTS passes " + list +
                   " to sshd: Debian's ssh.service starts sshd with it, so the running daemon "
                   "does not follow sshd_config alone",
               "put the setting in /etc/ssh/sshd_config.d/ and leave SSHD_OPTS empty");
}

}  // namespace lifeline::sshd
