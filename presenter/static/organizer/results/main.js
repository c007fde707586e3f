// The results page: everything the server put in the page drawn at once, then kept live over the
// presenter namespace (results move the live poll's chart at once; the rest is fetched again).
// With ?print=1 (the PDF report) nothing connects: the page is drawn once and says it is ready.
import { api } from "/static/js/api.js";
import { errorText, t } from "/static/js/i18n.js";
import { connect } from "/static/js/socket.js";
import { drawComparison } from "./comparison.js";
import { drawCompletion, surveyFunnels } from "./completion.js";
import { drawQuestions, drawReactions } from "./feedback.js";
import { dateText } from "./headlines.js";
import { keepHyphenated } from "./hyphens.js";
import { drawFigures, drawFunnel, drawHeader } from "./overview.js";
import { drawPolls, liveResults } from "./sections.js";
import { drawThemes } from "./themes.js";
import { drawUpdate } from "./update.js";

const $ = (id) => document.getElementById(id);
const page = $("results");
const eid = page.dataset.eventId;
const printing = page.dataset.print === "1";
const data = JSON.parse($("results-data").textContent);
const SUMMARY_EVERY_MS = 1500; // votes move the chart at once; the figures follow at this pace
const THEMES_EVERY_MS = 20_000; // themes are read again at most this often while people write
const THEMES_MAKING_MS = 3000; // and this soon while a job worker is making them again

function drawSummary() {
  drawHeader(data);
  drawFigures($("figures"), data);
  drawFunnel($("funnel"), data);
  drawCompletion($("completion"), data);
  drawComparison($("comparison"), data.comparison, eid);
  drawPolls($("polls"), data, printing);
  $("no-polls").hidden = data.polls.length > 0;
  drawReactions($("reactions"), data.summary.reactions);
  drawThemes($("themes"), data.insights, eid);
  drawQuestionsNow();
}

function drawQuestionsNow() {
  drawQuestions($("questions"), $("qa-summary"), data.questions, data.summary.questions, printing);
}

const fetches = {
  summary: async () => {
    const [summary, surveys] = await Promise.all([api("GET", `/events/${eid}/summary`), surveyFunnels(eid)]);
    data.summary = summary;
    data.surveys = surveys ?? data.surveys;
  },
  polls: async () => {
    data.polls = (await api("GET", `/events/${eid}/polls`)).polls;
  },
  comparison: async () => {
    if (data.comparison.events.length > 1) data.comparison = await api("GET", `/events/${eid}/comparison`);
  },
  questions: async () => {
    data.questions = (await api("GET", `/events/${eid}/questions`)).questions;
  },
  insights: async () => {
    data.insights = await api("GET", `/events/${eid}/insights`);
    if (data.insights.computing && !printing && !themesTimer) {
      themesTimer = setTimeout(() => {
        themesTimer = null;
        refresh("insights");
      }, THEMES_MAKING_MS);
    }
  },
};

// Fetches what changed, one request per kind at a time; a change during a fetch fetches again after.
const running = {};
const again = {};
async function refresh(...kinds) {
  await Promise.all(
    kinds.map(async (kind) => {
      if (running[kind]) {
        again[kind] = true;
        return running[kind];
      }
      running[kind] = fetches[kind]();
      try {
        await running[kind];
        $("error").textContent = "";
      } catch (error) {
        $("error").textContent = errorText(error) || t("audience.error");
      } finally {
        running[kind] = null;
      }
      if (again[kind]) {
        again[kind] = false;
        await refresh(kind);
      }
    }),
  );
  if (kinds.includes("questions") && kinds.length === 1) {
    drawQuestionsNow();
    return;
  }
  drawSummary();
}

let summaryTimer = null;
function refreshSummarySoon() {
  if (!summaryTimer)
    summaryTimer = setTimeout(() => {
      summaryTimer = null;
      refresh("summary");
    }, SUMMARY_EVERY_MS);
}

let themesTimer = null;
function refreshThemesSoon() {
  if (!themesTimer)
    themesTimer = setTimeout(() => {
      themesTimer = null;
      refresh("insights");
    }, THEMES_EVERY_MS);
}

function live() {
  const socket = connect("/presenter", { event_id: eid }, $("conn"));
  // `state` comes on every (re)connect: whatever was missed while away is fetched again
  socket.on("state", () => refresh("summary", "polls", "questions", "insights", "comparison"));
  socket.on("results", (results) => {
    liveResults(results);
    refreshSummarySoon();
    refreshThemesSoon();
  });
  // the editions' figures follow a poll's opening and closing, not each vote (a summary per edition)
  socket.on("poll", () => refresh("summary", "polls", "comparison"));
  socket.on("polls", () => refresh("summary", "polls", "comparison"));
  socket.on("questions", () => {
    refresh("questions");
    refreshThemesSoon();
  });
  socket.on("event_deleted", () => {
    $("error").textContent = t("results.deleted");
    socket.disconnect();
  });
}

drawSummary();
drawUpdate($("update"), data, eid, printing); // once: the organizer's draft is not redrawn under them
// by the event's language, which its polls and answers are written in: an event whose attendees
// each read their own ("browser") may hold any language, which only `hyphens: auto` may break
keepHyphenated(page, data.event.language);
$("report-footer").textContent = t("results.made_with", { date: dateText(Date.now()) });
$("print").addEventListener("click", () => window.print());
if (printing) document.body.dataset.ready = "true";
else live();
