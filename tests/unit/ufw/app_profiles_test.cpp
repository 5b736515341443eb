// Application profiles as ufw 0.36.2 reads them (applications.py, Python 3.11 RawConfigParser).
// The skip/accept outcomes were checked with the real ufw: `ufw app list` in a throw-away mount
// namespace with the files below in /etc/ufw/applications.d prints "Skipping 'myapp': couldn't
// process" for a file without a section header and "Profile 'Other' missing required field
// 'ports'" for a profile without ports= (tests/fixtures/ufw/UFW001-syntax-error).
#include "ufw/app_profiles.hpp"

#include <gtest/gtest.h>

namespace lifeline::ufw {
namespace {

constexpr const char* k_openssh =
    "[OpenSSH]\n"
    "title=Secure shell server, an rshd replacement\n"
    "description=OpenSSH is a free implementation of the Secure Shell protocol.\n"
    "ports=22/tcp\n";

ServiceDb services() {
    return parse_services(
        "ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol\n"
        "http\t\t80/tcp\t\twww\n"
        "https\t\t443/tcp\n"
        "domain\t\t53/udp\n");
}

struct Read {
    ProfileDb db;
    std::vector<std::string> findings;
};

Read read(const std::vector<ProfileFile>& files) {
    Read r;
    std::vector<Diagnostic> ds;
    r.db = read_profiles(files, k_applications_dir, services(), ds);
    for (const auto& d : ds)
        r.findings.push_back(d.location.path + ":" + std::to_string(d.location.line) + ": " +
                             d.message);
    return r;
}

ProfileFile file(std::string name, std::string text) {
    ProfileFile f;
    f.name = std::move(name);
    f.size = text.size();
    f.text = std::move(text);
    return f;
}

TEST(UfwServices, NamesAndAliasesFirstEntryWins) {
    ServiceDb db = parse_services("http 80/tcp www\nhttp 8080/tcp\n# x 1/tcp\nbad\n");
    EXPECT_EQ(db.find("http"), 80);
    EXPECT_EQ(db.find("www"), 80);
    EXPECT_FALSE(db.find("x"));
}

TEST(UfwPorts, ListsRangesServicesAndLimits) {
    std::string error;
    auto p = parse_ports("80,https,6000:6010", services(), error);
    ASSERT_TRUE(p) << error;
    EXPECT_EQ(p->text, "80,443,6000:6010");
    EXPECT_TRUE(p->multi);
    EXPECT_EQ(port_ranges(p->text),
              (std::vector<std::pair<int, int>>{{80, 80}, {443, 443}, {6000, 6010}}));
    EXPECT_FALSE(parse_ports("22", services(), error)->multi);
    EXPECT_TRUE(parse_ports("6000:6010", services(), error)->multi);
    for (const char* bad : {"0", "65536", ",22", "22,", "10:5", "10:10", "nosuchservice", "2-3",
                            "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"}) {
        EXPECT_FALSE(parse_ports(bad, services(), error)) << bad;
        EXPECT_EQ(error, "bad port '" + std::string(bad) + "'");
    }
    EXPECT_TRUE(parse_ports("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15", services(), error));
}

TEST(UfwAppProfiles, DebianOpenSsh) {
    Read r = read({file("openssh-server", k_openssh)});
    EXPECT_TRUE(r.findings.empty());
    const AppProfile* p = r.db.find("OpenSSH");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->title, "Secure shell server, an rshd replacement");
    ASSERT_EQ(p->ports.size(), 1u);
    EXPECT_EQ(p->ports[0].ports, "22");
    EXPECT_EQ(p->ports[0].proto, "tcp");
    EXPECT_EQ(p->file, "/etc/ufw/applications.d/openssh-server");
    EXPECT_EQ(p->line, 1);
    EXPECT_FALSE(r.db.find("openssh"));  // names are case-sensitive
}

TEST(UfwAppProfiles, PortEntriesDefaultsAndContinuations) {
    Read r = read({file("web",
                        "[DEFAULT]\n"
                        "description=shared\n"
                        "; comment\n"
                        "[Web Server]\n"
                        "Title : Web\n"
                        "ports=80,https/tcp|8000:8010/tcp|53\n"
                        "[Multi]\n"
                        "title=m\n"
                        "ports=1/udp\n"
                        "description=first line\n"
                        "  second line\n")});
    EXPECT_TRUE(r.findings.empty()) << r.findings.front();
    const AppProfile* w = r.db.find("Web Server");
    ASSERT_TRUE(w);
    EXPECT_EQ(w->title, "Web");
    EXPECT_EQ(w->description, "shared");
    ASSERT_EQ(w->ports.size(), 3u);
    EXPECT_EQ(w->ports[0].ports, "80,443");
    EXPECT_EQ(w->ports[1].ports, "8000:8010");
    EXPECT_EQ(w->ports[2].ports, "53");
    EXPECT_EQ(w->ports[2].proto, "any");
    EXPECT_EQ(r.db.find("Multi")->description, "first line\nsecond line");
}

TEST(UfwAppProfiles, FileLevelErrorsSkipTheWholeFile) {
    Read r = read({file("a-noheader", "title=x\n[A]\n"),
                   file("b-dupsection", std::string(k_openssh) + "[OpenSSH]\n"),
                   file("c-dupkey", "[C]\ntitle=a\nTitle=b\n"),
                   file("d-noequals", "[D]\ntitle=x\ndescription=y\nports=1/tcp\njunk\n"),
                   file("e-binary", "[E]\ntitle=\xff\n")});
    EXPECT_TRUE(r.db.profiles.empty());
    EXPECT_EQ(r.findings,
              (std::vector<std::string>{
                  "/etc/ufw/applications.d/a-noheader:1: no [section] header before this line: "
                  "ufw skips every profile of a-noheader",
                  "/etc/ufw/applications.d/b-dupsection:5: section [OpenSSH] appears twice in "
                  "this file (Python's configparser refuses the file): ufw skips every profile "
                  "of b-dupsection",
                  "/etc/ufw/applications.d/c-dupkey:3: `title` appears twice in [C]: ufw skips "
                  "every profile of c-dupkey",
                  "/etc/ufw/applications.d/d-noequals:5: not a `key=value` line: ufw skips every "
                  "profile of d-noequals",
                  "/etc/ufw/applications.d/e-binary:1: the file is not valid UTF-8: ufw skips "
                  "every profile of e-binary"}));
}

TEST(UfwAppProfiles, ProfileLevelErrorsSkipTheProfile) {
    Read r = read({file("p",
                        "[Other]\ntitle=o\ndescription=d\n"
                        "[Empty]\ntitle=\ndescription=d\nports=1/tcp\n"
                        "[ssh]\ntitle=t\ndescription=d\nports=22/tcp\n"
                        "[all]\ntitle=t\ndescription=d\nports=1/tcp\n"
                        "[12]\ntitle=t\ndescription=d\nports=1/tcp\n"
                        "[_x]\ntitle=t\ndescription=d\nports=1/tcp\n"
                        "[Range]\ntitle=t\ndescription=d\nports=80:90\n"
                        "[Esp]\ntitle=t\ndescription=d\nports=1/esp\n"
                        "[Zero]\ntitle=t\ndescription=d\nports=22/tcp|0/udp\n"
                        "[Good]\ntitle=t\ndescription=d\nports=1/tcp\n")});
    ASSERT_EQ(r.db.profiles.size(), 1u);
    EXPECT_TRUE(r.db.find("Good"));
    const std::string invalid_name =
        "invalid profile name (letters, digits, space, '_', '-', '.', '+', starting with a "
        "letter or digit; not a number, not 'all')";
    EXPECT_EQ(r.findings,
              (std::vector<std::string>{
                  "/etc/ufw/applications.d/p:1: Profile 'Other' missing required field 'ports': "
                  "ufw skips it",
                  "/etc/ufw/applications.d/p:5: Profile 'Empty' has empty required field "
                  "'title': ufw skips it",
                  "/etc/ufw/applications.d/p:8: 'ssh' is also a service in /etc/services: ufw "
                  "skips profile 'ssh'",
                  "/etc/ufw/applications.d/p:12: " + invalid_name + ": ufw skips profile 'all'",
                  "/etc/ufw/applications.d/p:16: " + invalid_name + ": ufw skips profile '12'",
                  "/etc/ufw/applications.d/p:20: " + invalid_name + ": ufw skips profile '_x'",
                  "/etc/ufw/applications.d/p:27: Invalid ports in profile 'Range': a list or "
                  "range needs a protocol (/tcp or /udp) in '80:90': ufw skips it",
                  "/etc/ufw/applications.d/p:31: Invalid ports in profile 'Esp': protocol 'esp' "
                  "takes no port in '1/esp': ufw skips it",
                  "/etc/ufw/applications.d/p:35: Invalid ports in profile 'Zero': bad port '0' "
                  "in '0/udp': ufw skips it"}));
}

TEST(UfwAppProfiles, ReadOrderSkipsLeftoversAndLaterFilesWin) {
    std::vector<ProfileFile> files = {
        file("z-local", "[OpenSSH]\ntitle=t\ndescription=d\nports=2222/tcp\n"),
        file("openssh-server", k_openssh),
        file("openssh-server.dpkg-old", "[Old]\ntitle=t\ndescription=d\nports=1/tcp\n"),
        file(".hidden", "[Hidden]\ntitle=t\ndescription=d\nports=1/tcp\n"),
        file("backup~", "[Backup]\ntitle=t\ndescription=d\nports=1/tcp\n"),
    };
    ProfileFile dir = file("subdir", "");
    dir.regular = false;
    files.push_back(dir);
    auto order = profile_read_order(files);
    ASSERT_EQ(order.size(), 2u);
    EXPECT_EQ(order[0]->name, "openssh-server");
    EXPECT_EQ(order[1]->name, "z-local");
    Read r = read(files);
    EXPECT_EQ(r.db.profiles.size(), 1u);
    EXPECT_EQ(r.db.find("OpenSSH")->ports[0].ports, "2222");
    EXPECT_EQ(r.db.find("OpenSSH")->file, "/etc/ufw/applications.d/z-local");
}

}  // namespace
}  // namespace lifeline::ufw
