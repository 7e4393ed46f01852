package io.latchkey.apikeys.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

class LeakReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void githubsPayloadIsRead() throws Exception {
        LeakReport report = LeakReport.parse(JSON.readTree("[{\"token\":\"NMIfyYncKcRALEXAMPLE\","
                + "\"type\":\"mycompany_api_token\",\"url\":\"https://github.com/octocat/Hello-World/blob/1/foo/bar.txt\","
                + "\"source\":\"content\",\"added_later\":true}]"));
        assertEquals(List.of(new LeakReport.Found("NMIfyYncKcRALEXAMPLE", "mycompany_api_token",
                "https://github.com/octocat/Hello-World/blob/1/foo/bar.txt", "content")), report.found());
    }

    @Test
    void tokensAreNamedByTheirSha256() {
        // sha256("abc"), the FIPS 180-2 test vector.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                new LeakReport.Found("abc", "t", "u", "s").tokenHash());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an object|{\"token\": \"a\"}|A leak report is a JSON array",
        "an entry that is no object|[\"sk_live_x\"]|Entry 1: must be an object",
        "no token|[{\"type\": \"t\", \"url\": \"u\", \"source\": \"s\"}]|Entry 1: 'token' is required",
        "no url in the second|[{\"token\": \"a\", \"type\": \"t\", \"url\": \"u\", \"source\": \"s\"}, {\"token\": \"a\", \"type\": \"t\", \"source\": \"s\"}]|Entry 2: 'url' is required",
        "a number|[{\"token\": 1, \"type\": \"t\", \"url\": \"u\", \"source\": \"s\"}]|Entry 1: 'token' is required",
        "empty source|[{\"token\": \"a\", \"type\": \"t\", \"url\": \"u\", \"source\": \"\"}]|Entry 1: 'source' is required",
    })
    void malformedReportsAreRefusedWhole(String name, String json, String message) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeakReport.parse(JSON.readTree(json)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
