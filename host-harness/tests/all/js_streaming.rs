//! exec-javascript event streams: order, termination, cancellation.

use crate::common::*;
use host_harness::{ExecError, ExecEvent};

#[test]
fn chunks_arrive_in_write_order_then_one_final_event() {
    let mut js = js();
    let code = "console.log('a'); console.error('b'); console.log('c'); setTimeout(() => console.log('later'), 20)";
    let events = stream_events(&mut js, code, &opts());
    assert_eq!(
        describe_events(&events),
        [
            "out:a\n",
            "err:b\n",
            "out:c\n",
            "out:later\n",
            "finished:Some(0)"
        ]
    );
    match events.last() {
        Some(ExecEvent::Finished(result)) => assert_eq!(result.run.stdout, "a\nc\nlater\n"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn timer_output_is_streamed_before_the_run_ends() {
    let mut js = js();
    let code = "let n = 0; const t = setInterval(() => { console.log('tick', ++n); if (n === 3) clearInterval(t) }, 30)";
    let mut stream = js.run_streaming(&lang(), &[], code, &opts()).unwrap();
    let first = stream.next().unwrap().unwrap();
    assert!(
        matches!(&first, ExecEvent::StdoutChunk(b) if b == b"tick 1\n"),
        "{first:?}"
    );
    let rest: Vec<_> = stream.map(|e| e.unwrap()).collect();
    assert_eq!(
        describe_events(&rest),
        ["out:tick 2\n", "out:tick 3\n", "finished:Some(0)"]
    );
}

#[test]
fn a_runtime_error_arrives_as_a_failed_event_after_the_output() {
    let mut js = js();
    let events = stream_events(&mut js, "console.log('partial'); null.x", &opts());
    assert_eq!(events.len(), 3, "{:?}", describe_events(&events));
    assert!(
        matches!(&events[2], ExecEvent::Failed(ExecError::RuntimeFailed(s)) if s.stdout == "partial\n")
    );
}

#[test]
fn a_timeout_arrives_as_a_failed_event_after_the_output() {
    let mut js = js();
    let events = stream_events(
        &mut js,
        "console.log('spin'); while (true) {}",
        &with_time(200),
    );
    assert_eq!(
        describe_events(&events),
        ["out:spin\n", "failed:Error::Timeout"]
    );
}

#[test]
fn a_syntax_error_arrives_as_a_failed_event() {
    let mut js = js();
    let events = stream_events(&mut js, "syntax error here", &opts());
    assert!(matches!(
        events.last(),
        Some(ExecEvent::Failed(ExecError::CompilationFailed(_)))
    ));
}

#[test]
fn stream_returns_none_forever_after_the_end() {
    let mut js = js();
    let mut stream = js
        .run_streaming(&lang(), &[], "console.log(1)", &opts())
        .unwrap();
    assert!(stream.next().is_some());
    assert!(stream.next().is_some());
    for _ in 0..3 {
        assert!(stream.next().is_none());
    }
}

#[test]
fn dropping_a_stream_mid_run_cancels_it_and_the_session_goes_on() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    {
        let mut stream = js
            .session_run_streaming(
                &s,
                "globalThis.x = 1; setInterval(() => console.log('tick'), 10)",
                &opts(),
            )
            .unwrap();
        assert!(matches!(
            stream.next().unwrap().unwrap(),
            ExecEvent::StdoutChunk(_)
        ));
    }
    let out = ok(js
        .session_run(&s, "setTimeout(() => console.log('x is', x), 30)", &opts())
        .unwrap());
    assert_eq!(
        out.run.stdout, "x is 1\n",
        "the old interval no longer runs"
    );
}

#[test]
fn a_session_run_streams_its_output_then_one_final_event() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    let events = session_stream_events(&mut js, &s, "console.log('in session')", &opts());
    assert_eq!(
        describe_events(&events),
        ["out:in session\n", "finished:Some(0)"]
    );
}

#[test]
fn a_closed_session_streams_one_failed_event() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    js.close(&s).unwrap();
    let events = session_stream_events(&mut js, &s, "1", &opts());
    assert!(
        matches!(events.as_slice(), [ExecEvent::Failed(ExecError::Internal(m))] if m.contains("closed"))
    );
}
