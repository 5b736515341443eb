#include "expectations.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace lifeline::differential {
namespace {

std::string trim_right(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
    return s;
}

/// Splits off the first space-delimited word of `rest`.
std::string take_word(std::string& rest) {
    std::size_t start = rest.find_first_not_of(' ');
    if (start == std::string::npos) {
        rest.clear();
        return {};
    }
    std::size_t end = rest.find(' ', start);
    std::string word =
        rest.substr(start, end == std::string::npos ? std::string::npos : end - start);
    rest = end == std::string::npos ? std::string() : rest.substr(end + 1);
    return word;
}

Expectation parse_line(const std::string& line, int line_no) {
    std::string rest = line;
    Expectation e;
    e.line = line_no;
    e.run = take_word(rest);
    std::string verb = take_word(rest);
    auto fail = [&](const std::string& why) {
        throw std::runtime_error("line " + std::to_string(line_no) + ": " + why);
    };
    if (e.run.empty() || verb.empty()) fail("expected `RUN VERB [TEXT]`");
    if (verb == "exit") {
        std::string code = take_word(rest);
        if (code == "nonzero") {
            e.kind = Expectation::Kind::exit_nonzero;
        } else if (!code.empty() && std::all_of(code.begin(), code.end(), ::isdigit)) {
            e.kind = Expectation::Kind::exit_code;
            e.code = std::stoi(code);
        } else {
            fail("`exit` takes a number or `nonzero`");
        }
        if (!rest.empty()) fail("text after the exit status");
        return e;
    }
    if (rest.empty()) fail("`" + verb + "` needs a text");
    e.text = rest;
    if (verb == "has") {
        e.kind = Expectation::Kind::has;
    } else if (verb == "lacks") {
        e.kind = Expectation::Kind::lacks;
    } else if (verb == "stderr") {
        e.kind = Expectation::Kind::stderr_contains;
    } else {
        fail("unknown verb `" + verb + "` (exit, has, lacks, stderr)");
    }
    return e;
}

}  // namespace

std::vector<Expectation> parse_expectations(const std::string& text) {
    std::vector<Expectation> result;
    std::istringstream in(text);
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        line = trim_right(line);
        std::size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        result.push_back(parse_line(line.substr(first), line_no));
    }
    return result;
}

bool applies_to(const Expectation& e, const std::string& spec) {
    if (e.run == "*") return true;
    if (e.run == "plain") return spec.empty();
    return e.run == spec;
}

std::vector<std::string> output_lines(const std::string& out) {
    std::vector<std::string> lines;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

std::string check_expectation(const Expectation& e, const RunResult& r) {
    if (!r.present) return "no result (the run did not happen)";
    auto lines = output_lines(r.out);
    bool has = std::find(lines.begin(), lines.end(), e.text) != lines.end();
    switch (e.kind) {
        case Expectation::Kind::exit_code:
            if (r.exit_code == e.code) return {};
            return "exit " + std::to_string(r.exit_code) + ", expected " + std::to_string(e.code);
        case Expectation::Kind::exit_nonzero:
            if (r.exit_code != 0) return {};
            return "exit 0, expected non-zero";
        case Expectation::Kind::has:
            if (has) return {};
            return "stdout lacks `" + e.text + "`";
        case Expectation::Kind::lacks:
            if (!has) return {};
            return "stdout has `" + e.text + "`";
        case Expectation::Kind::stderr_contains:
            if (r.err.find(e.text) != std::string::npos) return {};
            return "stderr lacks `" + e.text + "`";
    }
    return "unknown expectation";
}

}  // namespace lifeline::differential
