// Reading fail2ban-server's current bans (live.hpp).
#include "fail2ban/live.hpp"

namespace lifeline::f2b {
namespace {

/// A reader of the small Python literal subset `banned` prints: lists, dicts and str.
class Literal {
  public:
    explicit Literal(std::string_view text) : m_text(text) {}

    BannedLists banned() {
        BannedLists out;
        expect('[');
        while (!accept(']')) {
            expect('{');
            while (!accept('}')) {
                std::string jail = string();
                expect(':');
                out.emplace_back(std::move(jail), strings());
                if (!accept(',')) {
                    expect('}');
                    break;
                }
            }
            if (!accept(',')) {
                expect(']');
                break;
            }
        }
        skip_space();
        if (m_pos != m_text.size()) fail("text after the list");
        return out;
    }

    struct Error {
        std::string message;
    };

  private:
    std::vector<std::string> strings() {
        std::vector<std::string> out;
        expect('[');
        while (!accept(']')) {
            out.push_back(string());
            if (!accept(',')) {
                expect(']');
                break;
            }
        }
        return out;
    }

    /// A str literal as repr() writes it: '…' or "…" with backslash escapes.
    std::string string() {
        skip_space();
        if (m_pos >= m_text.size() || (m_text[m_pos] != '\'' && m_text[m_pos] != '"'))
            fail("a quoted string");
        char quote = m_text[m_pos++];
        std::string out;
        while (m_pos < m_text.size() && m_text[m_pos] != quote) {
            char c = m_text[m_pos++];
            if (c == '\\' && m_pos < m_text.size()) {
                char e = m_text[m_pos++];
                c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
            }
            out += c;
        }
        if (m_pos >= m_text.size()) fail("the end of a string");
        ++m_pos;
        return out;
    }

    void skip_space() {
        while (m_pos < m_text.size() &&
               (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r' ||
                m_text[m_pos] == '\t'))
            ++m_pos;
    }
    bool accept(char c) {
        skip_space();
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    void expect(char c) {
        if (!accept(c)) fail(std::string("'") + c + "'");
    }
    [[noreturn]] void fail(const std::string& expected) {
        throw Error{"expected " + expected + " at byte " + std::to_string(m_pos + 1)};
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

/// fail2ban-client's log lines without their time stamp, logger and pid, runs of blanks made
/// one: "2026-11-24 21:24:12,089 fail2ban                [18238]: ERROR   Failed to access
/// socket path: …" → "ERROR Failed to access socket path: …", the same on every run.
std::string without_log_prefixes(const std::string& text) {
    std::string out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        // "YYYY-MM-DD HH:MM:SS,mmm NAME [PID]: "
        bool stamped = line.size() > 24 && line[4] == '-' && line[7] == '-' && line[10] == ' ' &&
                       line[13] == ':' && line[16] == ':' && line[19] == ',';
        size_t colon = line.find("]: ");
        if (stamped && colon != std::string_view::npos && line.rfind(" [", colon) != std::string_view::npos)
            line.remove_prefix(colon + 3);
        bool blank = false;
        for (char c : line) {
            if (c == ' ') {
                blank = true;
                continue;
            }
            if (blank && !out.empty() && out.back() != '\n') out += ' ';
            blank = false;
            out += c;
        }
        out += '\n';
        start = end + 1;
    }
    return out;
}

}  // namespace

std::optional<BannedLists> parse_banned(std::string_view text, std::string* error) {
    try {
        return Literal(text).banned();
    } catch (const Literal::Error& e) {
        if (error) *error = e.message;
        return std::nullopt;
    }
}

LiveBans read_live_bans(const sys::ProcessRunner& runner) {
    LiveBans out;
    const std::vector<std::string> command = {"fail2ban-client", "banned"};
    sys::RunResult r = runner.run(command);
    if (!r.ok()) {
        out.not_installed = r.status == sys::RunStatus::not_found;
        // fail2ban-client exits 255 with "Failed to access socket path: … Is fail2ban running?"
        out.not_running = r.status == sys::RunStatus::exited &&
                          r.err.find("Failed to access socket path") != std::string::npos;
        r.err = without_log_prefixes(r.err);
        out.failure = sys::describe_failure(command, r);
        return out;
    }
    std::string error;
    auto lists = parse_banned(r.out, &error);
    if (!lists) {
        out.failure = "lifeline cannot read `fail2ban-client banned`'s output (" + error + ")";
        return out;
    }
    out.jails = std::move(*lists);
    out.read = true;
    return out;
}

}  // namespace lifeline::f2b
