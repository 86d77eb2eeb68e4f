//! The engine's transfers: which files start (six at a time into a folder, in order into a ZIP), each file's streams and parts, pausing for new keys, cancelling, and how a file ends.

use std::collections::BTreeSet;

use time::OffsetDateTime;

use super::existing::{Existing, Found, Question};
use super::limit::IN_FLIGHT;
use super::stream::{AfterBody, Reopened, Stream};
use super::{
    Begin, BodyEnd, Close, Closing, Command, Download, Engine, Fetch, FileId, Head, JobId, Keys,
    Owner, Pump, Purpose, Report, RequestId, Retries, Signing,
};
use crate::core::download::IN_PAGE_LIFETIME;
use crate::core::download_plan::{OnExisting, Outcome, SaveAs};
use crate::core::integrity::{choose, Unverifiable};
use crate::core::problem::{Failure, Problem};
use crate::core::transfer_plan::{in_parts, part_size, parts, parts_help, Part};

mod file;
mod job;

pub(super) use self::file::{File, Lane};
use self::file::{Parts, State};
pub(super) use self::job::Job;
use self::job::Phase;

impl Engine {
    pub(super) fn lane(&self, file: FileId, lane: usize) -> Option<&Lane> {
        self.files.get(&file)?.lanes.get(lane)
    }

    pub(super) fn download(&mut self, download: Download) {
        let Download {
            job: id,
            how,
            bucket,
            files,
            can_start_over,
            existing,
        } = download;
        let surveying = how == SaveAs::Folder && existing != Some(OnExisting::Replace);
        if surveying {
            // Every folder the files land in, once.
            let folders: BTreeSet<Vec<String>> = files
                .iter()
                .map(|(_, f)| f.path[..f.path.len().saturating_sub(1)].to_vec())
                .collect();
            self.out.push(Command::Survey {
                job: id,
                folders: folders.into_iter().collect(),
            });
        }
        let mut order = Vec::with_capacity(files.len());
        for (file, planned) in files {
            self.files.insert(file, File::new(id, planned));
            order.push(file);
        }
        self.jobs.insert(
            id,
            Job {
                bucket,
                how,
                files: order,
                can_start_over,
                current: 0,
                phase: if surveying {
                    Phase::Surveying
                } else {
                    Phase::Running
                },
                on_existing: existing,
                existing: None,
            },
        );
        self.schedule(id);
    }

    /// What the picked folder holds: the files that meet one of their name are known (and
    /// answered at once when the download came with an answer), and files may start.
    pub(super) fn surveyed(&mut self, id: JobId, found: &[Found]) {
        let normalize = self.normalize.0;
        let Some(job) = self.jobs.get(&id).filter(|j| j.phase == Phase::Surveying) else {
            return;
        };
        let paths = job
            .files
            .iter()
            .filter_map(|f| Some((*f, self.files.get(f)?.planned.path.as_slice())));
        let existing = Existing::new(found, paths, normalize);
        let preset = job.on_existing;
        let meets: Vec<FileId> = existing.unanswered().collect();
        if let Some(job) = self.jobs.get_mut(&id) {
            job.phase = Phase::Running;
            job.existing = Some(existing);
        }
        if let Some(choice) = preset {
            self.answer(id, &meets, choice);
        }
        self.schedule(id);
    }

    /// The user answered the question open for `id`: for its file, or (`all`) for every file
    /// that meets one of its name.
    pub(super) fn on_existing(&mut self, id: JobId, file: FileId, choice: OnExisting, all: bool) {
        let Some(existing) = self.jobs.get_mut(&id).and_then(|j| j.existing.as_mut()) else {
            return;
        };
        let Some(asked) = existing.asking.filter(|asked| *asked == file) else {
            return;
        };
        let chosen: Vec<FileId> = if all {
            existing.unanswered().collect()
        } else {
            vec![asked]
        };
        self.answer(id, &chosen, choice);
        self.schedule(id);
    }

    /// Carries out `choice` for `files`: replaced ones start as planned, kept-both ones land on
    /// a free name beside theirs, skipped ones settle.
    fn answer(&mut self, id: JobId, files: &[FileId], choice: OnExisting) {
        self.close_questions(id, files);
        for f in files {
            match choice {
                OnExisting::Replace => {}
                OnExisting::KeepBoth => self.keep_both(id, *f),
                OnExisting::Skip => self.skip(*f),
            }
        }
    }

    /// `files` of job `id` are answered (or gone): none is asked about again, and a question
    /// open about one of them goes.
    fn close_questions(&mut self, id: JobId, files: &[FileId]) {
        let Some(existing) = self.jobs.get_mut(&id).and_then(|j| j.existing.as_mut()) else {
            return;
        };
        let was_asking = existing.asking.is_some();
        for f in files {
            existing.answered(*f);
        }
        if was_asking && existing.asking.is_none() {
            self.out.push(Command::Report(Report::Exists {
                job: id,
                question: None,
            }));
        }
    }

    /// A file not begun settles as skipped (the caller schedules: every file answered is settled
    /// before another may start).
    fn skip(&mut self, f: FileId) {
        let Some(file) = self.files.get_mut(&f).filter(|f| f.state == State::Queued) else {
            return;
        };
        file.state = State::Settled;
        file.shown = Outcome::Skipped;
        self.out.push(Command::Report(Report::File {
            file: f,
            outcome: Outcome::Skipped,
            failure: None,
        }));
    }

    /// The file lands on a free name beside the one it would have taken.
    fn keep_both(&mut self, id: JobId, f: FileId) {
        let (Some(job), Some(file)) = (self.jobs.get_mut(&id), self.files.get_mut(&f)) else {
            return;
        };
        let Some(existing) = job.existing.as_mut() else {
            return;
        };
        let path = existing.beside(&file.planned.path);
        file.planned.path = path.clone();
        self.out
            .push(Command::Report(Report::Renamed { file: f, path }));
    }

    /// Whether `f` waits for an answer: it meets a file of its name in the folder. The first
    /// such file asks; the others wait for the question before them to be answered.
    fn must_ask(&mut self, id: JobId, f: FileId) -> bool {
        let Some(existing) = self.jobs.get_mut(&id).and_then(|j| j.existing.as_mut()) else {
            return false;
        };
        if !existing.meets(f) {
            return false;
        }
        if existing.asking.is_none() {
            existing.asking = Some(f);
            let more = existing.unanswered().count() - 1;
            let path = self
                .files
                .get(&f)
                .map(|file| file.planned.path.clone())
                .unwrap_or_default();
            self.out.push(Command::Report(Report::Exists {
                job: id,
                question: Some(Question {
                    file: f,
                    path,
                    more,
                }),
            }));
        }
        true
    }

    /// Starts what may start: six files at a time into a folder; into a ZIP, the current file
    /// and the next few opened ahead (their answers wait in the browser). Ends a job whose files
    /// are all settled.
    fn schedule(&mut self, id: JobId) {
        let Some(job) = self.jobs.get_mut(&id) else {
            return;
        };
        if job.ending() {
            return;
        }
        let (files, how, current, phase) = (job.files.clone(), job.how, job.current, job.phase);
        let starts = job.starts_files();
        let settled = |engine: &Engine, f: &FileId| engine.files.get(f).is_none_or(File::settled);
        if files.iter().all(|f| settled(self, f)) {
            return self.end_job(id);
        }
        if !starts {
            return;
        }
        if how != SaveAs::Zip {
            let mut active = files
                .iter()
                .filter(|f| {
                    self.files
                        .get(f)
                        .is_some_and(|f| !f.settled() && f.state != State::Queued)
                })
                .count();
            for f in &files {
                if active >= IN_FLIGHT {
                    break;
                }
                if self.files.get(f).is_some_and(|f| f.state == State::Queued)
                    && !self.must_ask(id, *f)
                {
                    self.start_file(*f, true);
                    active += 1;
                }
            }
            return;
        }
        // A ZIP: the first file not settled is the one being written.
        let mut current = current;
        while current < files.len() && settled(self, &files[current]) {
            current += 1;
        }
        if let Some(job) = self.jobs.get_mut(&id) {
            job.current = current;
        }
        let Some(&now_file) = files.get(current) else {
            return;
        };
        match self.files.get(&now_file).map(|f| f.state) {
            Some(State::Queued) => self.start_file(now_file, true),
            Some(State::Going) => {
                self.set_outcome(now_file, Outcome::Running);
                let held = self
                    .files
                    .get_mut(&now_file)
                    .and_then(|f| f.lanes.first_mut())
                    .and_then(|l| l.held.take());
                if let Some(request) = held {
                    self.pump(request, now_file, 0);
                }
            }
            _ => {}
        }
        // Answers opened ahead hold their places until their turn: one ZIP at a time opens ahead,
        // so two ZIPs cannot hold every place while their current files wait for one.
        let first_zip = self
            .jobs
            .iter()
            .find(|(_, j)| j.how == SaveAs::Zip && !j.ending())
            .map(|(id, _)| *id);
        if phase == Phase::WaitingForKeys || first_zip != Some(id) {
            return;
        }
        for f in files.iter().skip(current + 1).take(IN_FLIGHT - 1) {
            if self.files.get(f).is_some_and(|f| f.state == State::Queued) {
                self.start_file(*f, false);
            }
        }
    }

    /// A file's first request; `shown` says it is running (an opened-ahead ZIP file still
    /// shows queued).
    fn start_file(&mut self, id: FileId, shown: bool) {
        let Some(file) = self.files.get_mut(&id) else {
            return;
        };
        file.state = State::Going;
        file.lanes = vec![Lane::default()];
        if shown {
            self.set_outcome(id, Outcome::Running);
        }
        self.ask_lane(id, 0);
    }

    /// Asks for a lane's next request (its first answer, the rest after a cut, a part).
    pub(super) fn ask_lane(&mut self, file: FileId, lane: usize) {
        if !self.files.get(&file).is_some_and(File::going) {
            return;
        }
        self.ask(Owner::Lane { file, lane }, Purpose::Main);
    }

    /// The GET a lane's request makes, signed with `keys`.
    pub(super) fn lane_fetch(
        &mut self,
        id: RequestId,
        file_id: FileId,
        lane: usize,
        keys: Keys,
        now: OffsetDateTime,
    ) -> Option<Fetch> {
        let file = self.files.get(&file_id)?;
        if !file.going() {
            return None;
        }
        let job = self.jobs.get(&file.job)?;
        let signing = Signing::new(keys, &job.bucket, now, IN_PAGE_LIFETIME);
        let fetch = file.fetch(lane, &job.bucket, id, signing)?;
        let zip_ahead = job.how == SaveAs::Zip && job.files.get(job.current) != Some(&file_id);
        if file.shown == Outcome::Paused {
            let shown = if zip_ahead {
                Outcome::Queued
            } else {
                Outcome::Running
            };
            self.set_outcome(file_id, shown);
        }
        Some(fetch)
    }

    /// A lane found no keys (none, run out, or refused by S3): it waits for new ones. In a ZIP,
    /// what was opened ahead goes too and waits.
    pub(super) fn lane_needs_keys(&mut self, file: FileId, lane: usize) {
        let Some(job_id) = self.files.get(&file).map(|f| f.job) else {
            return;
        };
        if let Some(l) = self
            .files
            .get_mut(&file)
            .and_then(|f| f.lanes.get_mut(lane))
        {
            l.needs_keys = true;
        }
        self.set_outcome(file, Outcome::Paused);
        let Some(job) = self.jobs.get_mut(&job_id) else {
            return;
        };
        if job.how != SaveAs::Zip {
            return;
        }
        if job.phase == Phase::Running {
            job.phase = Phase::WaitingForKeys;
        }
        let files = job.files.clone();
        let waiting: Vec<(RequestId, FileId, usize)> = self
            .requests
            .iter()
            .filter(|(r, _)| !self.pumping.contains_key(r))
            .filter_map(|(r, p)| match p.owner {
                Owner::Lane { file, lane } if files.contains(&file) => Some((*r, file, lane)),
                _ => None,
            })
            .collect();
        for (request, f, l) in waiting {
            if self.limit.is_running(request) {
                self.out.push(Command::Abort(request));
            }
            self.forget_request(request);
            if let Some(file) = self.files.get_mut(&f) {
                if let Some(lane) = file.lanes.get_mut(l) {
                    lane.needs_keys = true;
                    // An answer held for its turn, never written: the file opens afresh.
                    if lane.held.take().is_some() {
                        lane.stream = None;
                        file.begin = None;
                    }
                }
            }
            self.set_outcome(f, Outcome::Paused);
        }
    }

    /// New keys: every lane waiting for keys asks again.
    pub(super) fn keys_came(&mut self) {
        let mut waiting = Vec::new();
        for (id, file) in &mut self.files {
            for (i, lane) in file.lanes.iter_mut().enumerate() {
                if std::mem::take(&mut lane.needs_keys) {
                    waiting.push((*id, i));
                }
            }
        }
        for (file, lane) in waiting {
            self.ask_lane(file, lane);
        }
        let jobs: Vec<JobId> = self.jobs.keys().copied().collect();
        for id in jobs {
            if let Some(job) = self.jobs.get_mut(&id) {
                if job.phase == Phase::WaitingForKeys {
                    job.phase = Phase::Running;
                }
            }
            self.schedule(id);
        }
    }

    /// An object's answer came: write it, or hold it until its turn (a ZIP).
    pub(super) fn opened(&mut self, request: RequestId, head: Head, now: OffsetDateTime) {
        let Some(Owner::Lane { file: id, lane }) = self.requests.get(&request).map(|p| p.owner)
        else {
            return;
        };
        let (Some(file), Some(job)) = (
            self.files.get(&id),
            self.files.get(&id).and_then(|f| self.jobs.get(&f.job)),
        ) else {
            return;
        };
        let (going, url) = (file.going(), job.bucket.bucket_url());
        let (how, can_start_over) = (job.how, job.can_start_over);
        let zip_ahead = how == SaveAs::Zip && job.files.get(job.current) != Some(&id);
        self.mark_reached(url);
        if !going {
            return self.drop_answer(request);
        }
        let Some(file) = self.files.get_mut(&id) else {
            return;
        };
        let Some(l) = file.lanes.get_mut(lane) else {
            return;
        };
        l.retries = Retries::default();
        let etag = head.checksums.etag.clone();
        if let (Some(stream), false) = (l.stream.as_ref(), file.restarting) {
            return match stream.reopened(etag.as_deref(), head.content_range.as_deref()) {
                Reopened::GoOn => self.pump(request, id, lane),
                Reopened::Changed(failure) => {
                    self.drop_answer(request);
                    self.fail_file(id, failure, now);
                }
                Reopened::StartOver if can_start_over => {
                    file.restarting = true;
                    self.drop_answer(request);
                    self.ask_lane(id, lane);
                }
                Reopened::StartOver => {
                    self.drop_answer(request);
                    self.fail_file(id, Problem::ChangedMidDownload.into(), now);
                }
            };
        }
        // A whole answer: the object as it is now.
        let size = head.content_length.unwrap_or(file.planned.size);
        let check = choose(&(&head.checksums).into());
        let again = file.restarting;
        let mut streamed = check.ok();
        match l.stream.as_mut() {
            Some(stream) if again => {
                stream.started_over(etag, size);
                file.done = 0;
                self.out
                    .push(Command::Report(Report::Restarted { file: id }));
                self.out
                    .push(Command::Report(Report::Progress { file: id, done: 0 }));
            }
            _ if how == SaveAs::Folder && lane == 0 && in_parts(size) && etag.is_some() => {
                let mut all = parts(size, part_size(size));
                let first = all.remove(0);
                l.stream = Some(Stream::part(first, etag, size));
                file.parts = Some(Parts {
                    began: now,
                    rest: all,
                    decided: false,
                    side_by_side: false,
                });
                // Parts are checked by reading the file back once closed.
                streamed = None;
            }
            _ => l.stream = Some(Stream::whole(etag, size)),
        }
        file.restarting = false;
        file.check = Some(check);
        file.begin = Some(Begin {
            path: file.planned.path.clone(),
            modified: file.planned.modified,
            size,
            check: streamed,
            again,
        });
        if zip_ahead {
            l.held = Some(request);
        } else {
            self.pump(request, id, lane);
        }
    }

    /// An answer that will not be written: its request goes (and its body with it).
    fn drop_answer(&mut self, request: RequestId) {
        self.out.push(Command::Abort(request));
        self.forget_request(request);
    }

    /// Writes an opened body into the file, from where its lane stands.
    fn pump(&mut self, request: RequestId, id: FileId, lane: usize) {
        let Some(file) = self.files.get_mut(&id) else {
            return;
        };
        let Some(stream) = file.lanes.get(lane).and_then(|l| l.stream.as_ref()) else {
            return;
        };
        let begin = file.begin.take();
        file.begun |= begin.is_some();
        self.out.push(Command::Pump(Pump {
            request,
            job: file.job,
            file: id,
            at: stream.position(),
            limit: stream.wanted(),
            side_by_side: file.parts.as_ref().is_some_and(|p| p.side_by_side),
            begin,
        }));
        self.pumping.insert(request, id);
    }

    pub(super) fn pumped(&mut self, request: RequestId, bytes: u64) {
        let Some(&id) = self.pumping.get(&request) else {
            return;
        };
        let lane = match self.requests.get(&request).map(|p| p.owner) {
            Some(Owner::Lane { lane, .. }) => Some(lane),
            _ => None,
        };
        let Some(file) = self.files.get_mut(&id) else {
            return;
        };
        if let Some(stream) = lane
            .and_then(|l| file.lanes.get_mut(l))
            .and_then(|l| l.stream.as_mut())
        {
            stream.wrote(bytes);
        }
        file.done = file.done.saturating_add(bytes);
        let done = file.done;
        self.out
            .push(Command::Report(Report::Progress { file: id, done }));
    }

    pub(super) fn body_ended(&mut self, request: RequestId, end: BodyEnd, now: OffsetDateTime) {
        let Some(id) = self.pumping.remove(&request) else {
            return;
        };
        let lane = match self.requests.get(&request).map(|p| p.owner) {
            Some(Owner::Lane { lane, .. }) => Some(lane),
            _ => None,
        };
        self.forget_request(request);
        let Some(file) = self.files.get_mut(&id) else {
            return;
        };
        if !file.going() {
            return self.maybe_stopped(id, now);
        }
        let Some(l) = lane.and_then(|l| file.lanes.get_mut(l)) else {
            return;
        };
        if let BodyEnd::Sink(failure) = end {
            return self.fail_file(id, failure, now);
        }
        let Some(stream) = l.stream.as_mut() else {
            return;
        };
        match stream.body_ended() {
            AfterBody::Done => {
                l.done = true;
                self.lane_done(id, now);
            }
            AfterBody::Resume { after, .. } => {
                l.retries = Retries {
                    backoff: Some(now + after),
                    ..Retries::default()
                }
            }
            AfterBody::GiveUp(failure) => self.fail_file(id, failure, now),
        }
    }

    /// A lane is done: the first part decides how the rest comes; the last lane closes the file.
    fn lane_done(&mut self, id: FileId, now: OffsetDateTime) {
        let Some(file) = self.files.get_mut(&id) else {
            return;
        };
        if let Some(parts) = file.parts.as_mut() {
            if !parts.decided {
                parts.decided = true;
                let first = file.lanes[0].stream.as_ref();
                let (first_len, object_size) =
                    first.map_or((0, 0), |s| (s.received(), s.object_size()));
                let millis = (now - parts.began).as_seconds_f64() * 1000.0;
                let rest = std::mem::take(&mut parts.rest);
                let new: Vec<Part> = if parts_help(first_len, millis) {
                    parts.side_by_side = true;
                    rest
                } else {
                    // Fast enough on one stream: the rest in one request.
                    rest.first()
                        .map(|p| Part {
                            end: object_size - 1,
                            ..*p
                        })
                        .into_iter()
                        .collect()
                };
                let etag = self.lane_etag(id);
                let Some(file) = self.files.get_mut(&id) else {
                    return;
                };
                let start = file.lanes.len();
                for part in &new {
                    file.lanes.push(Lane {
                        stream: Some(Stream::part(*part, etag.clone(), object_size)),
                        ..Lane::default()
                    });
                }
                for lane in start..start + new.len() {
                    self.ask_lane(id, lane);
                }
            }
        }
        let Some(file) = self.files.get_mut(&id) else {
            return;
        };
        if !file.lanes.iter().all(|l| l.done) {
            return;
        }
        let how = match (&file.parts, &file.check) {
            (Some(_), Some(Ok(check))) => Closing::ReadBack(*check),
            _ => Closing::Keep,
        };
        file.state = State::Closing;
        let job = file.job;
        self.out.push(Command::Close(Close { job, file: id, how }));
    }

    /// The ETag of a file's object, as its first answer said.
    fn lane_etag(&self, id: FileId) -> Option<String> {
        self.files
            .get(&id)?
            .lanes
            .first()?
            .stream
            .as_ref()?
            .etag()
            .map(str::to_owned)
    }

    /// A file was closed (or discarded): how it ends, and what follows in its job.
    pub(super) fn closed(
        &mut self,
        id: FileId,
        result: Result<Option<bool>, Failure>,
        now: OffsetDateTime,
    ) {
        let how = self
            .files
            .get(&id)
            .and_then(|f| self.jobs.get(&f.job))
            .map(|j| j.how);
        let in_folder = how == Some(SaveAs::Folder);
        let Some(file) = self.files.get_mut(&id) else {
            return;
        };
        // Stopped while it was being closed: a file in a folder is not kept (a ZIP entry or the
        // one saved file is out already, and ends as it is).
        if let (State::Closing, Some(cancelled), true) = (file.state, file.stop_asked, in_folder) {
            return self.discard(id, cancelled);
        }
        let (outcome, failure) = match (file.state, result) {
            (
                State::Stopping {
                    cancelled: true, ..
                },
                _,
            ) => (Outcome::Cancelled, None),
            (State::Stopping { .. }, _) => (Outcome::Failed, file.failure.clone()),
            (State::Closing, Ok(Some(true))) => (Outcome::Verified, None),
            (State::Closing, Ok(Some(false))) => (Outcome::Mismatch, None),
            (State::Closing, Ok(None)) => {
                let why = match file.check {
                    Some(Err(why)) => why,
                    _ => Unverifiable::NoChecksum,
                };
                (Outcome::NotVerifiable(why), None)
            }
            (State::Closing, Err(failure)) => (Outcome::Failed, Some(failure)),
            _ => return,
        };
        self.settle_file(id, outcome, failure, now);
    }

    /// A file's end is known: the view is told; in a ZIP, a file that is not whole stops it;
    /// a question about it goes.
    fn settle_file(
        &mut self,
        id: FileId,
        outcome: Outcome,
        failure: Option<Failure>,
        now: OffsetDateTime,
    ) {
        let Some(file) = self.files.get_mut(&id) else {
            return;
        };
        file.state = State::Settled;
        file.shown = outcome.clone();
        let (job, begun) = (file.job, file.begun);
        let whole = outcome.is_done();
        self.out.push(Command::Report(Report::File {
            file: id,
            outcome,
            failure,
        }));
        self.close_questions(job, &[id]);
        if let Some(j) = self.jobs.get_mut(&job) {
            if j.how == SaveAs::Zip && begun && !whole {
                self.stop_zip(job, now);
            }
        }
        self.schedule(job);
    }

    /// Its bytes are in the ZIP already: the ZIP stops rather than keep a bad file, and the files
    /// it never took say why.
    fn stop_zip(&mut self, id: JobId, now: OffsetDateTime) {
        let Some(job) = self.jobs.get_mut(&id) else {
            return;
        };
        if !job.starts_files() {
            return;
        }
        job.phase = Phase::Stopped { cancelled: false };
        for f in job.files.clone() {
            if let Some(file) = self.files.get_mut(&f) {
                file.failure.get_or_insert_with(|| Problem::NotInZip.into());
            }
            self.stop(f, false, now);
        }
    }

    /// Shows `outcome` for a file, if it is not shown already.
    fn set_outcome(&mut self, id: FileId, outcome: Outcome) {
        let Some(file) = self.files.get_mut(&id) else {
            return;
        };
        if file.shown != outcome && !file.settled() {
            file.shown = outcome.clone();
            self.out.push(Command::Report(Report::File {
                file: id,
                outcome,
                failure: None,
            }));
        }
    }

    pub(super) fn fail_file(&mut self, id: FileId, failure: Failure, now: OffsetDateTime) {
        if let Some(file) = self.files.get_mut(&id) {
            if file.failure.is_none() {
                file.failure = Some(failure);
            }
        }
        self.stop(id, false, now);
    }

    /// Stops a file (`cancelled`: by the user) and settles it once nothing writes into it.
    pub(super) fn stop(&mut self, id: FileId, cancelled: bool, now: OffsetDateTime) {
        self.stop_file(id, cancelled);
        self.maybe_stopped(id, now);
    }

    /// Every transfer stops; files not finished are not kept.
    pub(super) fn cancel_transfers(&mut self, now: OffsetDateTime) {
        let jobs: Vec<JobId> = self.jobs.keys().copied().collect();
        for id in jobs {
            let Some(job) = self.jobs.get_mut(&id) else {
                continue;
            };
            if !job.ending() {
                job.phase = Phase::Stopped { cancelled: true };
            }
            for f in job.files.clone() {
                self.stop(f, true, now);
            }
            self.schedule(id);
        }
    }

    /// Stops a file's requests (bodies being written stop too, and say so).
    fn stop_file(&mut self, id: FileId, cancelled: bool) {
        if self.files.get_mut(&id).is_some_and(|f| f.stop(cancelled)) {
            self.abort_where(|owner| matches!(owner, Owner::Lane { file, .. } if file == id));
        }
    }

    /// A stopping file whose bodies have all stopped: discard what it wrote, then settle it.
    pub(super) fn maybe_stopped(&mut self, id: FileId, now: OffsetDateTime) {
        if self.pumping.values().any(|f| *f == id) {
            return;
        }
        let Some(file) = self.files.get_mut(&id) else {
            return;
        };
        let State::Stopping {
            cancelled,
            discarding: false,
        } = file.state
        else {
            return;
        };
        let in_folder = self
            .jobs
            .get(&file.job)
            .is_some_and(|j| j.how == SaveAs::Folder);
        if file.begun && in_folder {
            return self.discard(id, cancelled);
        }
        let (outcome, failure) = if cancelled {
            (Outcome::Cancelled, None)
        } else {
            (Outcome::Failed, file.failure.clone())
        };
        self.settle_file(id, outcome, failure, now);
    }

    /// What a stopped file wrote into its folder goes; it settles once the runner says so.
    fn discard(&mut self, id: FileId, cancelled: bool) {
        let Some(file) = self.files.get_mut(&id) else {
            return;
        };
        file.state = State::Stopping {
            cancelled,
            discarding: true,
        };
        let job = file.job;
        self.out.push(Command::Close(Close {
            job,
            file: id,
            how: Closing::Discard,
        }));
    }

    /// Every file of a job is settled: its output is finished (a whole ZIP) or given up.
    fn end_job(&mut self, id: JobId) {
        let Some(job) = self.jobs.get_mut(&id) else {
            return;
        };
        if job.ending() {
            return;
        }
        let keep = !matches!(job.phase, Phase::Stopped { .. });
        job.phase = Phase::Ending;
        self.out.push(Command::EndJob { job: id, keep });
    }

    pub(super) fn job_closed(&mut self, id: JobId, result: Result<(), Failure>) {
        let Some(job) = self.jobs.remove(&id) else {
            return;
        };
        for f in &job.files {
            self.files.remove(f);
        }
        self.out.push(Command::Report(Report::JobEnded {
            job: id,
            failure: result.err(),
        }));
    }
}
