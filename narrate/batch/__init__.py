"""Folders of articles → MP3s beside a mirrored tree: up-to-date records, worker processes, the sentence cache."""

from narrate.batch.jobs import ArticleDone, ArticleProgress, ArticleResult, BatchOptions, BatchPlanned, write_report
from narrate.batch.runner import run_batch

__all__ = ["ArticleDone", "ArticleProgress", "ArticleResult", "BatchOptions", "BatchPlanned", "run_batch",
           "write_report"]
