// The result views by the name the server gives in poll.ui.view. A view is
// make(poll, host) -> {node, update(results), setPoll?(poll), toggleBoard?(), destroy?()}.
import { barsView } from "./bars.js";
import { cloudView } from "./cloud.js";
import { npsView } from "./nps.js";
import { quizView } from "./quiz.js";
import { rankingView } from "./ranking.js";
import { scaleView } from "./scale.js";
import { wallView } from "./wall.js";

export const VIEWS = {
  bars: barsView,
  scale: scaleView,
  nps: npsView,
  cloud: cloudView,
  wall: wallView,
  ranking: rankingView,
  quiz: quizView,
};
